/** The bulk store's two ways in, COPY for many rows and one INSERT for a few, store the same rows byte for byte. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase } from "../../test/support/database.ts";
import { COPY_FROM_ROWS } from "../db/db.copy.ts";
import { parseKillmailInput } from "./killmail.schemas.ts";
import { createKillmailProcessor } from "./killmail.usecases.ts";

const FIXTURE = join(import.meta.dir, "../../test/fixtures/killmails.jsonl");
const records = readFileSync(FIXTURE, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));

type Db = Awaited<ReturnType<typeof createTestDatabase>>;
let oneByOne: Db;
let inBulk: Db;
beforeAll(async () => {
  [oneByOne, inBulk] = await Promise.all([createTestDatabase(), createTestDatabase()]);
}, 60_000);
afterAll(() => Promise.all([oneByOne.drop(), inBulk.drop()]));

/** Every stored column as text; the clock's columns and price_inputs ids (numbered in storing order) aside, the inputs themselves compared. */
const dump = async ({ sql }: Db) => ({
  killmails: await sql`select (to_jsonb(k) - 'stored_at' - 'ingest_latency_ms' - 'hull_price_inputs_id')::text as row, esi::text as esi from killmails k order by killmail_id`,
  attackers: await sql`select to_jsonb(a)::text as row from killmail_attackers a order by killmail_id, attacker_index`,
  items: await sql`select (to_jsonb(i) - 'price_inputs_id')::text as row, p.inputs::text as inputs
    from killmail_items i left join price_inputs p using (price_inputs_id) order by killmail_id, item_index`,
  involvement: await sql`select to_jsonb(v)::text as row from killmail_involvement v order by killmail_id, entity_kind, entity_id, is_victim`,
  hulls: await sql`select k.killmail_id, p.inputs::text as inputs from killmails k left join price_inputs p on p.price_inputs_id = k.hull_price_inputs_id order by 1`,
});

test("the 121 real killmails stored one at a time (INSERT) and in one batch (COPY) leave the same rows", async () => {
  const firstSeenAt = new Date("2026-11-01T00:00:00Z");
  const inputs = records.map((json) => parseKillmailInput({ json, source: "import", firstSeenAt }));
  const single = await createKillmailProcessor({ sql: oneByOne.sql });
  for (const input of inputs) await single.storeKillmails({ inputs: [input] });
  const bulk = await createKillmailProcessor({ sql: inBulk.sql });
  await bulk.storeKillmails({ inputs });
  const [a, b] = [await dump(oneByOne), await dump(inBulk)];
  // The batch took the COPY path for its child tables; most single kills (a few attackers each) the INSERT path.
  expect(b.involvement.length).toBeGreaterThanOrEqual(COPY_FROM_ROWS);
  expect(inputs.filter((input) => input.esi.attackers.length * 4 < COPY_FROM_ROWS).length).toBeGreaterThan(records.length / 2);
  expect(a.killmails.length).toBe(records.length);
  expect(b).toEqual(a);
  // The ESI body is kept as the JSON text it was sent as, not re-serialised.
  expect(JSON.parse(b.killmails[0]!.esi)).toEqual(records.find((r) => r.killmail_id === Math.min(...records.map((x) => x.killmail_id)))!.esi);
});
