/** "Why this value" for the kill page and for `/api/v1/killmails/{id}?explain=1`: one line per priced thing. Pure. */
import { explainPrice, type PriceExplanation } from "../prices/explain.models.ts";
import { formatIskExact, formatNumber } from "../present/present.format.ts";
import { itemPricesUrl, itemUrl } from "../present/present.urls.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { ExplainedHull } from "./killmail.explain.usecases.ts";
import type { ItemRow } from "./killmail.read.repository.ts";


/** What the page says of a hull price not stored with its total, and how to get it stored. */
export const HULL_NOT_RECORDED = "not recorded";
const HULL_NOT_RECORDED_WARNING = "stored before hull prices were kept; killmail revalue records it";

function explainHull({ hull, universe }: { hull: ExplainedHull; universe: Pick<UniverseNames, "typeName"> }): PriceExplanation {
  if (hull.unitPrice === null || hull.priceSource === null) {
    return { source: "not_recorded", sourceLabel: HULL_NOT_RECORDED, warning: HULL_NOT_RECORDED_WARNING, summary: HULL_NOT_RECORDED, parts: [], inputs: null };
  }
  return explainPrice({ priceSource: hull.priceSource, inputs: hull.inputs, typeName: universe.typeName });
}

const explainItem = (item: ItemRow, universe: Pick<UniverseNames, "typeName">) =>
  explainPrice({ priceSource: item.priceSource, inputs: item.priceInputs ?? null, typeName: universe.typeName });

export function presentPriceLines({ items, universe, hull }: { items: ItemRow[]; universe: Pick<UniverseNames, "typeName">; hull: ExplainedHull }) {
  const line = ({ typeId, name, quantity, unitPrice, why }: { typeId: number; name: string; quantity: number; unitPrice: number | null; why: PriceExplanation }) => ({
    name, url: itemUrl(typeId), pricesUrl: itemPricesUrl(typeId), quantity: formatNumber(quantity),
    unitPrice: unitPrice === null ? HULL_NOT_RECORDED : formatIskExact(unitPrice),
    value: unitPrice === null ? HULL_NOT_RECORDED : formatIskExact(unitPrice * quantity), source: why.sourceLabel, warning: why.warning ?? "", summary: why.summary,
    parts: why.parts.map((part) => ({ name: part.name, url: itemPricesUrl(part.typeId), quantity: formatNumber(part.quantity), unitPrice: formatIskExact(part.unitPrice), source: part.sourceLabel })),
  });
  return [
    line({ typeId: hull.typeId, name: `${universe.typeName(hull.typeId)} (hull)`, quantity: 1, unitPrice: hull.unitPrice, why: explainHull({ hull, universe }) }),
    ...items.map((item) => line({ typeId: item.typeId, name: universe.typeName(item.typeId), quantity: item.quantityDropped + item.quantityDestroyed, unitPrice: item.unitPrice, why: explainItem(item, universe) })),
  ];
}

const explanationJson = ({ summary, source, sourceLabel, warning, inputs }: PriceExplanation) => ({ source, sourceLabel, warning, summary, inputs });

/** The `explain` block of the API: numbers stay numbers, `inputs` is what was stored beside the price. */
export function toExplainJson({ items, universe, hull }: { items: ItemRow[]; universe: Pick<UniverseNames, "typeName">; hull: ExplainedHull }) {
  return {
    // `current`: the hull price was stored with the total, so hull + items add up to it; false (unitPrice null) before 00013.
    hull: { typeId: hull.typeId, name: universe.typeName(hull.typeId), unitPrice: hull.unitPrice, current: hull.unitPrice !== null,
      ...explanationJson(explainHull({ hull, universe })) },
    items: items.map((item) => ({
      itemIndex: item.itemIndex, parentIndex: item.parentIndex, typeId: item.typeId, name: universe.typeName(item.typeId), itemFlag: item.flag,
      quantityDropped: item.quantityDropped, quantityDestroyed: item.quantityDestroyed, unitPrice: item.unitPrice,
      value: item.unitPrice * (item.quantityDropped + item.quantityDestroyed), ...explanationJson(explainItem(item, universe)),
    })),
  };
}
