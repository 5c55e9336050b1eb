/** The baseline: PostgreSQL COPY (CSV) of already-built rows, the fastest way rows enter a table. */
import type { Sql } from "../src/db/db.client.ts";

function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return csvField(`{${value.map((item) => `"${String(item).replace(/["\\]/g, "\\$&")}"`).join(",")}}`);
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) || text === "" ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function copyRows({ sql, table, rows }: { sql: Sql; table: string; rows: Record<string, unknown>[] }) {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]!);
  const stream = await sql`copy ${sql(table)} (${sql(columns)}) from stdin with (format csv)`.writable();
  const CHUNK = 2_000;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const text = rows.slice(start, start + CHUNK).map((row) => columns.map((column) => csvField(row[column])).join(",")).join("\n") + "\n";
    if (!stream.write(text)) await new Promise((resolve) => stream.once("drain", resolve));
  }
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
