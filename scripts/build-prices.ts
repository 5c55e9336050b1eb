#!/usr/bin/env bun
/**
 * Writes the bundled real price data `killboard prices load` puts into price_history / price_snapshots:
 * - data/prices/history.csv.gz `type_id,region_id,day,average,volume` (source 'bundled'): The Forge history of
 *   prices/forge-history.evegem.csv (ESI /markets/10000002/history/), then the Shrike corpus' Jita daily averages
 *   per kill date (sde/shrike-corpus-sde.json `prices`) for the days the first lacks;
 * - data/prices/snapshots.jsonl.gz `{type_id, day, average_price, adjusted_price}`: real /markets/prices/ subsets
 *   (esi/markets_prices.subset.json and prices/everef-market-prices/*.json), the first capture of a type winning;
 * - data/prices/zkb-fixed-prices.json: zKillboard's fixed-price table (facts), copied as is.
 *   bun scripts/build-prices.ts [../shared/data]
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { THE_FORGE_REGION_ID } from "../src/prices/prices.types.ts";

/**
 * SOURCES.md gives the captures no exact date (EVE Ref test resources of 2025-05..2025-11 at commit 8d43db23); we
 * date them 2025-12-03, the last eve-ref update SOURCES.md names, as the best available bound.
 */
export const ESI_SNAPSHOT_DAY = "2025-12-03";

const shared = process.argv[2] ?? join(import.meta.dir, "../../shared/data");
const out = join(import.meta.dir, "../data/prices");
mkdirSync(out, { recursive: true });
const gzip = (text: string) => Bun.gzipSync(Buffer.from(text), { level: 9 });

const history = new Map<string, string>();
const [header, ...lines] = readFileSync(join(shared, "prices/forge-history.evegem.csv"), "utf8").trim().split(/\r?\n/);
if (header !== "date,region_id,type_id,average,volume") throw new Error(`unexpected header: ${header}`);
for (const line of lines) {
  const [day, regionId, typeId, average, volume] = line.split(",");
  history.set(`${typeId}:${regionId}:${day}`, `${typeId},${regionId},${day},${average},${volume}`);
}
const shrike = JSON.parse(readFileSync(join(shared, "sde/shrike-corpus-sde.json"), "utf8")) as { prices: Record<string, Record<string, number>> };
for (const [day, prices] of Object.entries(shrike.prices)) {
  for (const [typeId, average] of Object.entries(prices)) {
    const key = `${typeId}:${THE_FORGE_REGION_ID}:${day}`;
    if (!history.has(key)) history.set(key, `${typeId},${THE_FORGE_REGION_ID},${day},${average},`);
  }
}
const rows = [...history.values()].sort((a, b) => {
  const [ta, , da] = a.split(","), [tb, , db] = b.split(",");
  return Number(ta) - Number(tb) || da!.localeCompare(db!);
});
writeFileSync(join(out, "history.csv.gz"), gzip(["type_id,region_id,day,average,volume", ...rows].join("\n") + "\n"));

type Capture = { type_id: number; average_price?: number; adjusted_price?: number };
const captures: Capture[] = JSON.parse(readFileSync(join(shared, "esi/markets_prices.subset.json"), "utf8"));
const everef = join(shared, "prices/everef-market-prices");
for (const file of readdirSync(everef).sort()) captures.push(...JSON.parse(readFileSync(join(everef, file), "utf8")));
const snapshots = new Map<number, object>();
for (const { type_id, average_price, adjusted_price } of captures) {
  if (!snapshots.has(type_id)) snapshots.set(type_id, { type_id, day: ESI_SNAPSHOT_DAY, average_price: average_price ?? null, adjusted_price: adjusted_price ?? null });
}
const snapshotRows = [...snapshots.values()];
writeFileSync(join(out, "snapshots.jsonl.gz"), gzip(snapshotRows.map((row) => JSON.stringify(row)).join("\n") + "\n"));

copyFileSync(join(shared, "prices/zkb-fixed-prices.json"), join(out, "zkb-fixed-prices.json"));
console.log(`history: ${rows.length} rows; snapshots: ${snapshotRows.length} types; fixed prices copied`);
