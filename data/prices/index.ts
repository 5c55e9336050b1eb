// The bundled real price data, imported as files so the compiled binary carries them (scripts/build-prices.ts and
// scripts/build-blueprints.ts make them; zkb-fixed-prices.json is imported as JSON by src/prices/prices.fixed.ts).
import blueprints from "./blueprints.jsonl.gz" with { type: "file" };
import history from "./history.csv.gz" with { type: "file" };
import snapshots from "./snapshots.jsonl.gz" with { type: "file" };

/** Gzipped CSV `type_id,region_id,day,average,volume`: The Forge daily history (source 'bundled'). */
export const historyBundle: string = history;
/** Gzipped JSON lines `{type_id, day, average_price, adjusted_price}`: real /markets/prices/ captures. */
export const snapshotsBundle: string = snapshots;
/** Gzipped JSON lines `{blueprint_type_id, product_type_id, product_quantity, materials: [[type, qty]]}`. */
export const blueprintsBundle: string = blueprints;

/** Every bundled price file by name (test databases fingerprint them). */
export const priceBundles: Record<string, string> = { history, snapshots, blueprints };
