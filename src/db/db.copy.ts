/**
 * Rows into a table with COPY (CSV), the fastest way rows enter PostgreSQL. The bulk store sent its child rows as
 * one JSON document unpacked by json_populate_recordset, which took 2–3× what COPY takes for the same rows
 * (bench:import). Works inside a transaction: the rows commit or roll back with it.
 */
import type { Sql } from "./db.client.ts";

/** Rows of one table in one store from which COPY pays for its extra round trip. */
export const COPY_FROM_ROWS = 200;

/** Rows per write to the COPY stream: large enough to amortise a write, small enough not to hold a batch twice. */
const CHUNK_ROWS = 2_000;

/** A PostgreSQL array literal of strings or numbers, every element quoted. */
function arrayLiteral(values: unknown[]) {
  return `{${values.map((value) => (value == null ? "NULL" : `"${String(value).replace(/["\\]/g, "\\$&")}"`)).join(",")}}`;
}

/** One CSV field: NULL is an unquoted empty field, so an empty string is quoted; objects go in as JSON text. */
export function toCsvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") text = String(value);
  else if (value instanceof Date) text = value.toISOString();
  else if (Array.isArray(value)) text = arrayLiteral(value);
  else text = JSON.stringify(value);
  return text === "" || /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Copies `rows` (all of one shape: the first row's keys are the columns) into `table`. */
export async function copyRows(sql: Sql, table: string, rows: Record<string, unknown>[]) {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]!);
  const stream = await sql`copy ${sql(table)} (${sql(columns)}) from stdin with (format csv)`.writable();
  let failure: Error | undefined;
  stream.on("error", (error: Error) => (failure ??= error));
  const closed = new Promise((resolve) => stream.once("close", resolve));
  for (let start = 0; start < rows.length && !failure; start += CHUNK_ROWS) {
    let text = "";
    for (const row of rows.slice(start, start + CHUNK_ROWS)) text += `${columns.map((column) => toCsvField(row[column])).join(",")}\n`;
    if (!stream.write(text)) await Promise.race([new Promise((resolve) => stream.once("drain", resolve)), closed]);
  }
  // The callback hears of an error the server answered at the end (a constraint, a bad value) as well.
  if (!failure) await new Promise<void>((resolve) => stream.end((error?: Error | null) => ((failure ??= error ?? undefined), resolve())));
  if (failure) throw failure;
}
