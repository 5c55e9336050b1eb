#!/usr/bin/env bun
/**
 * Import throughput: N synthetic killmails (real shapes re-numbered, spread over six months) stored through
 * the bulk path, against a raw COPY of exactly the same rows into the same tables (the killmail tables, price inputs,
 * the parties' entities rows and the live sequence numbers), measured in the same run; then
 * the live path's store step: killmails of one day stored one at a time, as the worker stores a live kill, against
 * a bare `select 1` round trip on the same pool.
 *   bun run bench:import [--count 20000] [--batch 1000] [--live 500]
 */
import { createSyntheticKillmails } from "../src/killmails/killmail.synthetic.ts";
import { createKillmailProcessor } from "../src/killmails/killmail.usecases.ts";
import { createKillmailRepository } from "../src/killmails/killmail.repository.ts";
import { toChildRows, toKillmailRow } from "../src/killmails/killmail.rows.ts";
import type { KillmailInput } from "../src/killmails/killmail.types.ts";
import { argValue, createBenchDatabase, quantile, rate, readRealKillmails } from "./support.ts";
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
const liveCount = argValue("live", 500);
const db = await createBenchDatabase({ name: `killboard_bench_import_${process.pid}` });
const { sql } = db;

try {
  const base = readRealKillmails();
  const synthetic = createSyntheticKillmails({ base, count, startDate: "2026-01-01", endDate: "2026-06-30" });
  const firstSeenAt = new Date();
  const toInput = (record: ReturnType<typeof synthetic.killmailAt>): KillmailInput => ({
    killmailId: record.killmail_id, hash: record.hash, esi: record.esi as KillmailInput["esi"], source: "import", firstSeenAt,
  });
  const inputs = [...synthetic.records()].map(toInput);

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
  const storedInputs = await sql<{ priceInputsId: number; inputs: unknown }[]>`select price_inputs_id, inputs from price_inputs`;
  const inputIds = new Map(storedInputs.map((row) => [canonicalJson(row.inputs), row.priceInputsId]));
  // The store's other rows: the parties it registered for enrichment and the live sequence numbers it gave.
  const storedEntities = await sql`select entity_kind, entity_id from entities`;
  const storedSequences = await sql`select sequence, killmail_id, killmail_time, stored_at from killmail_sequence`;
  const live = await measureLiveStores();
  const withInputsId = (rows: Record<string, unknown>[], field: string, idColumn: string) => rows.map(({ [field]: inputs, ...row }) =>
    ({ ...row, [idColumn]: inputs == null ? null : inputIds.get(canonicalJson(inputs)) ?? fail(`price inputs not stored: ${JSON.stringify(inputs)}`) }));
  const tables = {
    // Each distinct inputs once, as the store wrote them (COPY sets an identity column as given).
    price_inputs: storedInputs.map((row) => ({ price_inputs_id: row.priceInputsId, inputs: row.inputs })),
    killmail_ids: derived.map((k) => ({ killmail_id: k.killmailId, killmail_time: k.killmailTime.toISOString() })),
    killmails: withInputsId(derived.map((killmail) => toKillmailRow({ killmail, storedAt })), "hull_price_inputs", "hull_price_inputs_id"),
    killmail_attackers: children.flatMap((child) => child.attackers),
    killmail_items: withInputsId(children.flatMap((child) => child.items), "price_inputs", "price_inputs_id"),
    killmail_involvement: children.flatMap((child) => child.involvement),
    entities: storedEntities.map(({ entityKind, entityId }) => ({ entity_kind: entityKind, entity_id: entityId })),
    killmail_sequence: storedSequences.map((row) => ({ sequence: row.sequence, killmail_id: row.killmailId, killmail_time: row.killmailTime, stored_at: row.storedAt })),
  };
  const rows = Object.values(tables).reduce((sum, list) => sum + list.length, 0);
  await sql`truncate price_inputs, killmail_ids, killmails, killmail_attackers, killmail_items, killmail_involvement, entities, killmail_sequence`;
  const copyMsOf: Record<string, number> = {};
  for (const [table, list] of Object.entries(tables)) {
    started = performance.now();
    await copyRows(sql, table, list);
    copyMsOf[table] = performance.now() - started;
  }
  const copyMs = Object.values(copyMsOf).reduce((sum, ms) => sum + ms, 0);
  const withoutInputsMs = copyMs - copyMsOf.price_inputs!;

  console.log(`killmails: ${count}, rows: ${rows} (${(rows / count).toFixed(1)} per killmail, ${storedInputs.length} of them price inputs), batch ${batchSize}`);
  console.log(`derive (pure model)      ${rate(count, deriveMs)} killmails/s`);
  console.log(`bulk store               ${rate(count, storeMs)} killmails/s, ${rate(rows, storeMs)} rows/s (${(storeMs / 1000).toFixed(2)} s)`);
  console.log(`derive + store           ${rate(count, deriveMs + storeMs)} killmails/s`);
  console.log(`raw COPY baseline        ${rate(count, copyMs)} killmails/s, ${rate(rows, copyMs)} rows/s (${(copyMs / 1000).toFixed(2)} s)`);
  console.log(`  by table (s)           ${Object.entries(copyMsOf).map(([table, ms]) => `${table} ${(ms / 1000).toFixed(2)}`).join(", ")}`);
  console.log(`ratio store / COPY       ${(copyMs / storeMs).toFixed(2)} (${(withoutInputsMs / storeMs).toFixed(2)} against a COPY without price_inputs)`);
  console.log(`ratio derive+store / COPY ${(copyMs / (deriveMs + storeMs)).toFixed(2)}`);
  console.log(`live store, one killmail ${live.p50.toFixed(2)} ms p50, ${live.p99.toFixed(2)} ms p99 (${live.count} killmails of one day)`);
  console.log(`bare round trip          ${live.roundTripP50.toFixed(3)} ms p50; live store p50 = ${(live.p50 / live.roundTripP50).toFixed(1)} round trips`);
  console.log(JSON.stringify({
    bench: "import", killmails: count, rows, priceInputs: storedInputs.length, batch: batchSize,
    deriveKillmailsPerS: Math.round(count / (deriveMs / 1000)), storeKillmailsPerS: Math.round(count / (storeMs / 1000)),
    copyKillmailsPerS: Math.round(count / (copyMs / 1000)), storeOverCopy: +(copyMs / storeMs).toFixed(3),
    storeOverCopyWithoutPriceInputs: +(withoutInputsMs / storeMs).toFixed(3), deriveStoreOverCopy: +(copyMs / (deriveMs + storeMs)).toFixed(3),
    liveStoreP50Ms: +live.p50.toFixed(3), liveStoreP99Ms: +live.p99.toFixed(3), roundTripP50Ms: +live.roundTripP50.toFixed(3),
  }));

  /** One day's killmails (after the bulk range), derived first, each stored alone by the same repository as the bulk. */
  async function measureLiveStores() {
    const day = createSyntheticKillmails({ base, count: liveCount, startDate: "2026-07-01", endDate: "2026-07-01",
      firstId: synthetic.firstId + count });
    const killmails = await processor.deriveKillmails({ inputs: [...day.records()].map(toInput) });
    const latencies: number[] = [];
    for (const killmail of killmails) {
      const began = performance.now();
      await repository.storeKillmails({ killmails: [killmail] });
      latencies.push(performance.now() - began);
    }
    const trips: number[] = [];
    for (let i = 0; i < 500; i++) {
      const began = performance.now();
      await sql`select 1`;
      trips.push(performance.now() - began);
    }
    latencies.sort((a, b) => a - b);
    trips.sort((a, b) => a - b);
    return { count: killmails.length, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), roundTripP50: quantile(trips, 0.5) };
  }
} finally {
  await db.drop();
}
