import { existsSync } from "node:fs";
import { join } from "node:path";
import { sdeBundle } from "../../data/sde/index.ts";
import type { Sql } from "../db/db.client.ts";
import { AppError } from "../app/errors.ts";
import { parseSdeRows, SDE_TABLES } from "./sde.models.ts";
import { createSdeRepository } from "./sde.repository.ts";

const gunzipFile = async (path: string) =>
  new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await Bun.file(path).arrayBuffer())));

async function readTableText({ table, from }: { table: string; from?: string }) {
  if (!from) return gunzipFile(sdeBundle[table]!);
  const plain = join(from, `${table}.jsonl`);
  const gzipped = `${plain}.gz`;
  if (existsSync(gzipped)) return gunzipFile(gzipped);
  if (existsSync(plain)) return Bun.file(plain).text();
  throw new AppError({ code: "sde.missing_file", message: `${from} has neither ${table}.jsonl nor ${table}.jsonl.gz`, status: 400 });
}

/** Loads the bundled SDE (or a directory in the same layout) table by table; returns row counts. */
export async function loadSde({ sql, from, onTable }: { sql: Sql; from?: string; onTable?: (table: string, rows: number) => void }) {
  const repository = createSdeRepository({ sql });
  const counts: Record<string, number> = {};
  for (const spec of SDE_TABLES) {
    const text = await readTableText({ table: spec.table, from });
    const rows = parseSdeRows({ spec, text });
    await repository.upsertRows({ spec, rows });
    counts[spec.table] = await repository.countRows({ table: spec.table });
    onTable?.(spec.table, counts[spec.table]!);
  }
  return { counts };
}
