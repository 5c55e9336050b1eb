#!/usr/bin/env bun
/**
 * Writes data/prices/prices.jsonl.gz, the bundled price rows `killboard prices load` reads:
 *   {"type_id", "price_date": "YYYY-MM-DD", "source": "market_history"|"esi_average"|"custom", "price"}
 * - market_history: Jita daily averages per corpus kill date (shrike-corpus-sde.json `prices`);
 * - custom: fixed prices for hulls that never trade (shrike-corpus-sde.json `custom_prices`), dated
 *   CUSTOM_PRICE_DATE; the price model applies a custom row at any date;
 * - esi_average: `average_price` of esi/markets_prices.subset.json.
 *   bun scripts/build-prices.ts [../shared/data]
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** EVE's launch day: a date before any killmail, so a custom row is never "after" a kill. */
export const CUSTOM_PRICE_DATE = "2003-05-06";
/**
 * SOURCES.md documents no capture date for markets_prices.subset.json (an EVE Ref test resource at commit
 * 8d43db23); we date it 2025-12-03, the last eve-ref update SOURCES.md names, as the best available bound.
 */
export const ESI_SNAPSHOT_DATE = "2025-12-03";

type Row = { type_id: number; price_date: string; source: "market_history" | "esi_average" | "custom"; price: number };

const shared = process.argv[2] ?? join(import.meta.dir, "../../shared/data");
const shrike = JSON.parse(readFileSync(join(shared, "sde/shrike-corpus-sde.json"), "utf8")) as {
  prices: Record<string, Record<string, number>>;
  custom_prices: Record<string, number>;
};
const esi = JSON.parse(readFileSync(join(shared, "esi/markets_prices.subset.json"), "utf8")) as { type_id: number; average_price?: number }[];

const rows: Row[] = [];
for (const [date, prices] of Object.entries(shrike.prices)) {
  for (const [typeId, price] of Object.entries(prices)) rows.push({ type_id: Number(typeId), price_date: date, source: "market_history", price });
}
for (const [typeId, price] of Object.entries(shrike.custom_prices)) {
  rows.push({ type_id: Number(typeId), price_date: CUSTOM_PRICE_DATE, source: "custom", price });
}
for (const { type_id, average_price } of esi) {
  if (average_price !== undefined && average_price > 0) rows.push({ type_id, price_date: ESI_SNAPSHOT_DATE, source: "esi_average", price: average_price });
}
rows.sort((a, b) => a.type_id - b.type_id || a.price_date.localeCompare(b.price_date) || a.source.localeCompare(b.source));

const out = join(import.meta.dir, "../data/prices");
mkdirSync(out, { recursive: true });
const text = rows.map((row) => JSON.stringify(row)).join("\n") + "\n";
writeFileSync(join(out, "prices.jsonl.gz"), Bun.gzipSync(Buffer.from(text), { level: 9 }));
console.log(`prices: ${rows.length} rows`);
