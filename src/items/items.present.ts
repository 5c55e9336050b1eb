/** The item page's view model: the price page's header and price, the lists of kills with the type. Pure. */
import { formatIsk, formatNumber, formatTime } from "../present/present.format.ts";
import { entityUrl, itemPricesUrl } from "../present/present.urls.ts";
import { presentPricePage } from "../prices/prices.page.present.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import { RULES_THRESHOLDS } from "../killmails/rules.ts";
import { ITEM_KILLS_DAYS, type ItemPage } from "./items.usecases.ts";


export function presentItemPage({ page, universe }: { page: ItemPage; universe: UniverseNames }) {
  const price = presentPricePage({ data: page.price, universe });
  const typeId = page.price.typeId;
  const isShip = universe.type(typeId)?.categoryId === RULES_THRESHOLDS.shipCategoryId;
  return {
    ...price,
    title: price.name,
    description: `${price.name}: its price, and the kills of the last ${ITEM_KILLS_DAYS} days where it was destroyed or dropped`,
    pricesUrl: itemPricesUrl(typeId),
    shipUrl: isShip ? entityUrl("ship", typeId) : "",
    days: ITEM_KILLS_DAYS,
    // A type on most kills is added up over its newest rows only: the heading says from when.
    largestPeriod: page.largestFrom ? `since ${formatTime(page.largestFrom)} UTC` : `last ${ITEM_KILLS_DAYS} days`,
    rows: page.recent,
    largest: page.largest.map((loss) => ({
      ...loss.row, destroyed: formatNumber(loss.destroyed), dropped: formatNumber(loss.dropped), destroyedValue: formatIsk(loss.destroyedValue),
    })),
  };
}
