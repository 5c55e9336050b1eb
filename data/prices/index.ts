// The bundled price rows, imported as a file so the compiled binary carries them (scripts/build-prices.ts makes it).
import prices from "./prices.jsonl.gz" with { type: "file" };

/** Path of the gzipped JSON-lines price rows: {type_id, price_date, source, price}. */
export const pricesBundle: string = prices;
