/** Where a unit price came from, what it was computed from, and the stored rows the resolver reads. */

/**
 * `market`: The Forge history (emulated history says `emulated_market`, so nobody takes it for market data);
 * `fixed`/`calculated`/`convention`: zKillboard's fixed list, Customs Office formula, SKINs/BPCs/item rules;
 * `esi_average`/`esi_adjusted`: a /markets/prices/ snapshot where zKillboard would have said 0.01 for lack of data;
 * `sde_base_price`: the flagged last resort (never for charges); `none`: nothing known, zKillboard's 0.01.
 */
export const PRICE_SOURCES = [
  "override", "fixed", "calculated", "convention", "build_cost", "market", "emulated_market",
  "esi_average", "esi_adjusted", "sde_base_price", "none",
] as const;
export type PriceSource = (typeof PRICE_SOURCES)[number];

/** The Forge: the region items are valued from (zKillboard's Jita prices). */
export const THE_FORGE_REGION_ID = 10_000_002;

export const HISTORY_SOURCES = ["esi", "everef", "bundled", "emulated"] as const;
export type HistorySource = (typeof HISTORY_SOURCES)[number];

/** One day of a type's market history (`day` YYYY-MM-DD). */
export type HistoryDay = { day: string; average: number; source: HistorySource };
/** One /markets/prices/ capture of a type. */
export type PriceSnapshot = { day: string; averagePrice: number | null; adjustedPrice: number | null };
/** An operator's price; open ends are null. */
export type PriceOverride = { overrideId: number; fromDay: string | null; toDay: string | null; price: number; setAt: string };
/** A manufacturing recipe: materials as [typeId, quantity]. */
export type Blueprint = { blueprintTypeId: number; productQuantity: number; materials: [number, number][] };

/** What a price was computed from, stored once in price_inputs and referenced by the items and hulls it priced, for "why this value". */
export type PriceInputs =
  | { rule: "market"; day: string; values: number; from: string; to: string; trim: "34" | "top2" | "none"; mean: number; dayAverage?: number; sources: HistorySource[] }
  | { rule: "build"; day: string; blueprintTypeId: number; productQuantity: number; materials: { typeId: number; quantity: number; unitPrice: number; source: PriceSource }[] }
  | { rule: "calculated"; day: string; parts: { typeId: number; quantity: number; unitPrice: number; source: PriceSource }[] }
  | { rule: "snapshot"; day: string; snapshotDay: string }
  | { rule: "override"; overrideId: number; fromDay: string | null; toDay: string | null }
  | { rule: "fixed" | "convention" | "base_price" | "none" | "cycle"; note: string };

export type ResolvedPrice = { unitPrice: number; priceSource: PriceSource; inputs: PriceInputs };
