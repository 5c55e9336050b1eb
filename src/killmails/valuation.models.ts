/**
 * Values a kill as zKillboard does (cron/3.queueProcess.php processItem/getFittedValue/getDValue): every item,
 * nested ones included, is priced by type and kill time (context.priceOf, the resolver); item-level conventions
 * override the type price; the hull
 * counts as destroyed and as fitted; total = dropped + destroyed, each rounded to 2 decimals.
 */
import { toUtcDay } from "../app/time.ts";
import { NOMINAL_PRICE, priceDayOf } from "../prices/market.models.ts";
import type { ResolvedPrice } from "../prices/prices.types.ts";
import type { PriceWhen } from "../prices/resolver.models.ts";
import { FITTED_SLOTS, type FlatItem } from "./items.models.ts";
import type { DerivedItem, KillmailContext } from "./killmail.types.ts";
import { RULES_THRESHOLDS } from "./rules.ts";

/** Before this kill id ESI did not mark blueprint copies in cargo; zKillboard guessed them from the name. */
const LEGACY_BPC_GUESS_BEFORE_KILL_ID = 21_112_472;

const round2 = (value: number) => Math.round(value * 100) / 100;
const nominal = (note: string): ResolvedPrice => ({ unitPrice: NOMINAL_PRICE, priceSource: "convention", inputs: { rule: "convention", note } });

function itemPrice({ item, killmailId, when, context }: { item: FlatItem; killmailId: number; when: PriceWhen; context: KillmailContext }): ResolvedPrice {
  const { goldenPodImplantTypeId, implantFlag, frigateBayFlag, blueprintCopySingleton } = RULES_THRESHOLDS;
  if (item.typeId === goldenPodImplantTypeId && item.flag === implantFlag) return nominal("golden pod implant");
  if (item.flag === frigateBayFlag) return nominal("ship in a frigate escape bay");
  if (item.singleton === blueprintCopySingleton) return nominal("blueprint copy");
  const type = context.typeOf(item.typeId);
  const guessedCopy = killmailId < LEGACY_BPC_GUESS_BEFORE_KILL_ID && item.parentIndex !== null && type?.name.includes("Blueprint");
  if (guessedCopy) return nominal("blueprint in a container before ESI marked copies");
  return context.priceOf({ typeId: item.typeId, when });
}

export function valueKillmail({ killmailId, shipTypeId, items, killmailTime, context }: {
  killmailId: number;
  shipTypeId: number;
  items: FlatItem[];
  killmailTime: Date;
  context: KillmailContext;
}) {
  const when: PriceWhen = { killDay: toUtcDay(killmailTime), priceDay: priceDayOf(killmailTime) };
  const hull = context.priceOf({ typeId: shipTypeId, when });
  let fitted = hull.unitPrice;
  let dropped = 0;
  let destroyed = hull.unitPrice;
  const priced: DerivedItem[] = items.map((flat) => {
    const { unitPrice, priceSource, inputs } = itemPrice({ item: flat, killmailId, when, context });
    const { depth: _depth, ...item } = flat;
    dropped += unitPrice * item.quantityDropped;
    destroyed += unitPrice * item.quantityDestroyed;
    if (item.parentIndex === null && FITTED_SLOTS.has(item.slot)) fitted += unitPrice * (item.quantityDropped + item.quantityDestroyed);
    return { ...item, unitPrice, priceSource, priceInputs: inputs };
  });
  const values = { hull, fitted: round2(fitted), dropped: round2(dropped), destroyed: round2(destroyed), total: 0 };
  values.total = round2(values.dropped + values.destroyed);
  return { items: priced, values };
}
