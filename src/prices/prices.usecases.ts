import { existsSync } from "node:fs";
import type { Sql } from "../db/db.client.ts";
import { AppError } from "../app/errors.ts";
import type { PriceRow, PriceSource } from "./prices.types.ts";
import { createPricesRepository } from "./prices.repository.ts";

const LOADABLE_SOURCES: PriceSource[] = ["market_history", "esi_average", "custom", "build_cost"];

/** Parses `{type_id, price_date, source, price}` JSON lines; a bad line is named, never skipped silently. */
export function parsePriceLines({ text }: { text: string }): PriceRow[] {
  return text.split("\n").flatMap((line, index) => {
    if (!line.trim()) return [];
    const fail = (why: string): never => {
      throw new AppError({ code: "prices.invalid", message: `prices line ${index + 1}: ${why}`, status: 400 });
    };
    let row: Record<string, unknown> = {};
    try {
      row = JSON.parse(line);
    } catch {
      fail("not JSON");
    }
    if (!Number.isInteger(row.type_id)) fail("type_id must be an integer");
    if (typeof row.price_date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(row.price_date)) fail("price_date must be YYYY-MM-DD");
    if (!LOADABLE_SOURCES.includes(row.source as PriceSource)) fail(`source must be one of ${LOADABLE_SOURCES.join(", ")}`);
    if (typeof row.price !== "number" || !Number.isFinite(row.price) || row.price < 0) fail("price must be a number ≥ 0");
    return [{ typeId: row.type_id as number, priceDate: row.price_date as string, source: row.source as PriceSource, price: row.price as number }];
  });
}

async function readPriceFile(path: string) {
  if (!existsSync(path)) throw new AppError({ code: "prices.missing_file", message: `no such file: ${path}`, status: 400 });
  const bytes = new Uint8Array(await Bun.file(path).arrayBuffer());
  return new TextDecoder().decode(path.endsWith(".gz") ? Bun.gunzipSync(bytes) : bytes);
}

/** Upserts the bundled prices (or a file in the same format); idempotent. */
export async function loadPrices({ sql, from }: { sql: Sql; from?: string }) {
  const path = from ?? (await import("../../data/prices/index.ts")).pricesBundle;
  const rows = parsePriceLines({ text: await readPriceFile(path) });
  const repository = createPricesRepository({ sql });
  await repository.upsertPrices({ rows });
  return { rows: rows.length, counts: await repository.countPrices() };
}
