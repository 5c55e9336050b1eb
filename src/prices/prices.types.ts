/** Where a unit price came from, and one stored price row. */

export type PriceSource = "market_history" | "esi_average" | "custom" | "build_cost" | "base_price" | "convention" | "none";

/** One row of the prices table. `priceDate` is YYYY-MM-DD. */
export type PriceRow = { typeId: number; priceDate: string; source: PriceSource; price: number };
