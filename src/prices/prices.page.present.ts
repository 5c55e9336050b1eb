/** The price page's view model: the resolver's price today explained, a year's chart, the recent days. Pure. */
import { formatIskExact, formatNumber, imageUrl } from "../present/present.format.ts";
import { entityUrl, itemPricesUrl } from "../present/present.urls.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import { explainPrice } from "./explain.models.ts";
import { lastDays } from "./history.models.ts";
import type { PriceHistory } from "./history.usecases.ts";
import { renderPriceChart } from "./prices.svg.ts";

const CHART_DAYS = 365;
const TABLE_DAYS = 90;

const optional = (value: number | null, format: (value: number) => string) => (value == null ? "" : format(value));

export function presentPricePage({ data, universe }: { data: PriceHistory; universe: Pick<UniverseNames, "type" | "typeName" | "groupName"> }) {
  const { typeId, history, today } = data;
  const name = universe.typeName(typeId);
  const type = universe.type(typeId);
  const why = explainPrice({ priceSource: today.priceSource, inputs: today.inputs, typeName: universe.typeName });
  return {
    title: `${name} · price`,
    description: `${name}: The Forge daily market history and the price a kill would be valued at today`,
    typeId, name, icon: imageUrl({ kind: "type", id: typeId, size: 64 }),
    groupName: type ? universe.groupName(type.groupId) : "", groupUrl: entityUrl("group", type?.groupId),
    today: {
      unitPrice: formatIskExact(today.unitPrice), source: why.sourceLabel, warning: why.warning ?? "", summary: why.summary,
      parts: why.parts.map((part) => ({ name: part.name, url: itemPricesUrl(part.typeId), quantity: formatNumber(part.quantity), unitPrice: formatIskExact(part.unitPrice), source: part.sourceLabel })),
    },
    chart: renderPriceChart({ points: lastDays({ history, days: CHART_DAYS }) }),
    stored: { days: formatNumber(history.length), first: history[0]?.day ?? "", last: history.at(-1)?.day ?? "" },
    rows: lastDays({ history, days: TABLE_DAYS }).reverse().map((row) => ({
      day: row.day, average: formatIskExact(row.average), lowest: optional(row.lowest, formatIskExact), highest: optional(row.highest, formatIskExact),
      volume: optional(row.volume, formatNumber), orders: optional(row.orderCount, formatNumber), source: row.source,
    })),
    apiUrl: `/api/prices/${typeId}/`,
  };
}
