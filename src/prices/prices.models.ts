/**
 * Chooses the price of one type on one date from every known row (pure; the caller loads the rows).
 * Precedence: zKillboard's conventions (classes/Price.php: SKINs 0.01, fixed prices, capsules 10k), then our
 * sources in order of trust: custom > market_history (closest on or before the kill date, else the closest
 * after) > esi_average (same date rule) > build_cost > SDE base_price > none (0).
 */
import type { PriceRow, PriceSource } from "./prices.types.ts";
import type { TypeInfo } from "../universe/universe.types.ts";
import { PRICE_THRESHOLDS } from "./prices.rules.ts";

export type PickedPrice = { unitPrice: number; priceSource: PriceSource };

const DATED_SOURCES: PriceSource[] = ["market_history", "esi_average", "build_cost"];

/** The row closest on or before `date`, else the closest after; ISO dates compare as strings. */
export function closestRow({ rows, date }: { rows: PriceRow[]; date: string }) {
  let before: PriceRow | undefined;
  let after: PriceRow | undefined;
  for (const row of rows) {
    if (row.priceDate <= date) {
      if (!before || row.priceDate > before.priceDate) before = row;
    } else if (!after || row.priceDate < after.priceDate) {
      after = row;
    }
  }
  return { row: before ?? after };
}

function conventionPrice({ type }: { type: TypeInfo | undefined }): PickedPrice | undefined {
  if (type?.categoryId === PRICE_THRESHOLDS.skinCategoryId) return { unitPrice: PRICE_THRESHOLDS.nominalPrice, priceSource: "convention" };
  return undefined;
}

function capsulePrice({ type }: { type: TypeInfo | undefined }): PickedPrice | undefined {
  if (type?.groupId === PRICE_THRESHOLDS.capsuleGroupId) return { unitPrice: PRICE_THRESHOLDS.capsulePrice, priceSource: "convention" };
  return undefined;
}

/** Price of a type at a kill date (`YYYY-MM-DD`); `type` supplies the SDE fallbacks and conventions. */
export function pickPrice({ rows, date, type }: { rows: PriceRow[]; date: string; type?: TypeInfo }): PickedPrice {
  const convention = conventionPrice({ type });
  if (convention) return convention;
  const custom = rows.find((row) => row.source === "custom" && row.price >= 0);
  if (custom) return { unitPrice: custom.price, priceSource: "custom" };
  const capsule = capsulePrice({ type });
  if (capsule) return capsule;
  for (const source of DATED_SOURCES) {
    const { row } = closestRow({ rows: rows.filter((candidate) => candidate.source === source && candidate.price > 0), date });
    if (row) return { unitPrice: row.price, priceSource: source };
  }
  if (type?.basePrice && type.basePrice > 0) return { unitPrice: type.basePrice, priceSource: "base_price" };
  return { unitPrice: 0, priceSource: "none" };
}
