/**
 * Revaluation of a stored kill (pure): the items are flattened and valued again from the kill's own ESI body with
 * today's prices, and the value labels follow the new total. A kill "changed" when any value, label or item price
 * (unit price, source or inputs) differs from what is stored, so a second run over the same prices changes nothing.
 */
import { flattenItems } from "../killmails/items.models.ts";
import type { EsiKillmail } from "../killmails/killmail.schemas.ts";
import type { DerivedItem, KillmailContext } from "../killmails/killmail.types.ts";
import { RULES_THRESHOLDS } from "../killmails/rules.ts";
import { valueKillmail } from "../killmails/valuation.models.ts";

export type StoredValuation = {
  killmailId: number;
  killmailTime: Date;
  esi: EsiKillmail;
  labels: string[];
  values: { fitted: number; dropped: number; destroyed: number; total: number };
  items: { itemIndex: number; unitPrice: number; priceSource: string; priceInputs: unknown }[];
  /** The hull's stored price; all null on a kill stored before it was kept (so revaluing it records it). */
  hull: { unitPrice: number | null; priceSource: string | null; priceInputs: unknown };
};

const ISK_LABEL = /^isk:/;

/** Value labels in the place deriveLabels puts them: after the location label, before `capital`. */
export function relabelValue({ labels, total }: { labels: string[]; total: number }) {
  const kept = labels.filter((label) => !ISK_LABEL.test(label));
  const isk = [...RULES_THRESHOLDS.iskLabels].reverse().filter(([threshold]) => total > threshold).map(([, label]) => label);
  const capital = kept.indexOf("capital");
  const at = capital < 0 ? kept.length : capital;
  return [...kept.slice(0, at), ...isk, ...kept.slice(at)];
}

/** JSON with keys sorted, so jsonb read back compares equal to the object written. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

type StoredPrice = { unitPrice: number | null; priceSource: string | null; priceInputs: unknown };

function priceChanged(stored: StoredPrice | undefined, now: Pick<DerivedItem, "unitPrice" | "priceSource" | "priceInputs">) {
  return !stored || stored.unitPrice !== now.unitPrice || stored.priceSource !== now.priceSource
    || canonicalJson(stored.priceInputs) !== canonicalJson(now.priceInputs);
}

export function revalueKillmail({ stored, context }: { stored: StoredValuation; context: KillmailContext }) {
  const { items: flat } = flattenItems({ items: stored.esi.victim.items });
  const { items, values } = valueKillmail({ killmailId: stored.killmailId, shipTypeId: stored.esi.victim.ship_type_id, items: flat, killmailTime: stored.killmailTime, context });
  const labels = relabelValue({ labels: stored.labels, total: values.total });
  const byIndex = new Map(stored.items.map((item) => [item.itemIndex, item]));
  const changedItems = items.filter((item) => priceChanged(byIndex.get(item.itemIndex), item));
  const valuesChanged = (["fitted", "dropped", "destroyed", "total"] as const).some((key) => stored.values[key] !== values[key]);
  const hullChanged = priceChanged(stored.hull, { unitPrice: values.hull.unitPrice, priceSource: values.hull.priceSource, priceInputs: values.hull.inputs });
  const labelsChanged = labels.join(" ") !== stored.labels.join(" ");
  return {
    changed: valuesChanged || hullChanged || labelsChanged || changedItems.length > 0,
    killChanged: valuesChanged || hullChanged || labelsChanged,
    totalChanged: stored.values.total !== values.total,
    values, labels, changedItems, delta: values.total - stored.values.total,
  };
}
