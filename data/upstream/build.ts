/**
 * Rebuilds this bundle from the shared research data (provenance: shared/data/SOURCES.md).
 * Run: bun data/upstream/build.ts /work/shared/data
 * Output: gzipped JSON files imported by ./index.ts, so the compiled binary carries them.
 */
import { gzipSync } from "bun";

const root = process.argv[2] ?? "/work/shared/data";
const out = new URL(".", import.meta.url).pathname;
const readJson = async (path: string) => JSON.parse(await Bun.file(`${root}/${path}`).text());
const write = (name: string, value: unknown) => Bun.write(`${out}/${name}`, gzipSync(new TextEncoder().encode(JSON.stringify(value))));

const killmails = (await Bun.file(`${root}/killmails.jsonl`).text())
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line));
await write("killmails.json.gz", killmails);

await write("names.json.gz", await readJson("esi/samples/post_universe_names.seat.json"));
await write("affiliations.json.gz", await readJson("esi/samples/post_characters_affiliation.seat.json"));

// Real /markets/prices subsets (the 24-type one, then EVE Ref's other captures for types it lacks) are bundled as
// data/prices/snapshots.jsonl.gz (scripts/build-prices.ts); here only the types they lack: corpus types get the
// Jita average of their newest kill date (Shrike testdata). The Forge history is data/prices/history.csv.gz.
type PriceRow = { type_id: number; average_price?: number; adjusted_price?: number };
const subset: PriceRow[] = await readJson("esi/markets_prices.subset.json");
for (const name of (await Array.fromAsync(new Bun.Glob("*.json").scan(`${root}/prices/everef-market-prices`))).sort()) {
  const seen = new Set(subset.map((row) => row.type_id));
  subset.push(...(await readJson(`prices/everef-market-prices/${name}`) as PriceRow[]).filter((row) => !seen.has(row.type_id)));
}
const corpus = await readJson("sde/shrike-corpus-sde.json");
const newest = new Map<number, number>();
for (const date of Object.keys(corpus.prices).sort()) {
  for (const [typeId, price] of Object.entries(corpus.prices[date] as Record<string, number>)) newest.set(Number(typeId), price);
}
const known = new Set(subset.map((row) => row.type_id));
const derived = [...newest].filter(([typeId]) => !known.has(typeId)).map(([type_id, price]) => ({ average_price: price, type_id }));
await write("prices.json.gz", derived);
await write("corpus-sde.json.gz", { types: corpus.types, groups: corpus.groups, systems: corpus.systems });

const systems = (await Bun.file(`${root}/sde/zkillboard_mapSystems.jsonl`).text())
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line))
  .map((row) => [row.id, row.position?.x ?? 0, row.position?.y ?? 0, row.position?.z ?? 0]);
await write("system-positions.json.gz", systems);
console.log(`killmails ${killmails.length}, derived prices ${derived.length} (beside ${subset.length} real), systems ${systems.length}`);
