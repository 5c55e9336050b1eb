#!/usr/bin/env bun
/**
 * Import throughput: N synthetic killmails (real shapes re-numbered, spread over six months) stored through
 * the bulk path, against a raw COPY of exactly the same rows into the same tables, measured in the same run.
 *   bun run bench:import [--count 20000] [--batch 1000]
 */
import { createSyntheticKillmails } from "../src/killmails/killmail.synthetic.ts";
import { createKillmailProcessor } from "../src/killmails/killmail.usecases.ts";
import { createKillmailRepository } from "../src/killmails/killmail.repository.ts";
import { toChildRows, toKillmailRow } from "../src/killmails/killmail.rows.ts";
import type { KillmailInput } from "../src/killmails/killmail.types.ts";
import { argValue, createBenchDatabase, rate, readRealKillmails } from "./support.ts";
import { copyRows } from "../src/db/db.copy.ts";

/** JSON with object keys sorted, so a jsonb value read back and the object it was stored from compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
const fail = (message: string): never => {
  throw new Error(message);
};

const count = argValue("count", 20_000);
const batchSize = argValue("batch", 1_000);
const db = await createBenchDatabase({ name: `killboard_bench_import_${process.pid}` });
const { sql } = db;

try {
  const synthetic = createSyntheticKillmails({ base: readRealKillmails(), count, startDate: "2026-01-01", endDate: "2026-06-30" });
  const firstSeenAt = new Date();
  const inputs: KillmailInput[] = [...synthetic.records()].map((record) => ({
    killmailId: record.killmail_id, hash: record.hash, esi: record.esi as KillmailInput["esi"], source: "import", firstSeenAt,
  }));

  const processor = await createKillmailProcessor({ sql });
  let started = performance.now();
  const derived = [];
  for (let start = 0; start < inputs.length; start += batchSize) derived.push(...(await processor.deriveKillmails({ inputs: inputs.slice(start, start + batchSize) })));
  const deriveMs = performance.now() - started;

  const repository = createKillmailRepository({ sql });
  started = performance.now();
  let stored = 0;
  for (let start = 0; start < derived.length; start += batchSize) stored += (await repository.storeKillmails({ killmails: derived.slice(start, start + batchSize) })).storedIds.length;
  const storeMs = performance.now() - started;
  if (stored !== count) throw new Error(`stored ${stored} of ${count}`);

  const storedAt = new Date();
  const children = derived.map((killmail) => toChildRows({ killmail }));
  // The rows as stored: price inputs live in price_inputs (kept from the store above) and a row holds their id.
  const inputIds = new Map((await sql<{ priceInputsId: number; inputs: unknown }[]>`select price_inputs_id, inputs from price_inputs`)
    .map((row) => [canonicalJson(row.inputs), row.priceInputsId]));
  const withInputsId = (rows: Record<string, unknown>[], field: string, idColumn: string) => rows.map(({ [field]: inputs, ...row }) =>
    ({ ...row, [idColumn]: inputs == null ? null : inputIds.get(canonicalJson(inputs)) ?? fail(`price inputs not stored: ${JSON.stringify(inputs)}`) }));
  const tables = {
    killmail_ids: derived.map((k) => ({ killmail_id: k.killmailId, killmail_time: k.killmailTime.toISOString() })),
    killmails: withInputsId(derived.map((killmail) => toKillmailRow({ killmail, storedAt })), "hull_price_inputs", "hull_price_inputs_id"),
    killmail_attackers: children.flatMap((child) => child.attackers),
    killmail_items: withInputsId(children.flatMap((child) => child.items), "price_inputs", "price_inputs_id"),
    killmail_involvement: children.flatMap((child) => child.involvement),
  };
  const rows = Object.values(tables).reduce((sum, list) => sum + list.length, 0);
  await sql`truncate killmail_ids, killmails, killmail_attackers, killmail_items, killmail_involvement`;
  started = performance.now();
  for (const [table, list] of Object.entries(tables)) await copyRows(sql, table, list);
  const copyMs = performance.now() - started;

  console.log(`killmails: ${count}, rows: ${rows} (${(rows / count).toFixed(1)} per killmail), batch ${batchSize}`);
  console.log(`derive (pure model)      ${rate(count, deriveMs)} killmails/s`);
  console.log(`bulk store               ${rate(count, storeMs)} killmails/s, ${rate(rows, storeMs)} rows/s (${(storeMs / 1000).toFixed(2)} s)`);
  console.log(`derive + store           ${rate(count, deriveMs + storeMs)} killmails/s`);
  console.log(`raw COPY baseline        ${rate(count, copyMs)} killmails/s, ${rate(rows, copyMs)} rows/s (${(copyMs / 1000).toFixed(2)} s)`);
  console.log(`ratio store / COPY       ${(copyMs / storeMs).toFixed(2)}`);
  console.log(`ratio derive+store / COPY ${(copyMs / (deriveMs + storeMs)).toFixed(2)}`);
} finally {
  await db.drop();
}
