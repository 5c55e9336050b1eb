/** The shared batch store against real PostgreSQL: the database's own refusal is isolated to its killmail. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase } from "../../test/support/database.ts";
import { parseKillmailInput } from "./killmail.schemas.ts";
import { storeKillmailBatch } from "./killmail.store.ts";
import { createKillmailProcessor } from "./killmail.usecases.ts";

const FIXTURE = join(import.meta.dir, "../../test/fixtures/killmails.jsonl");
const records = readFileSync(FIXTURE, "utf8").split("\n").filter(Boolean).slice(0, 5).map((line) => JSON.parse(line));

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

test("one killmail PostgreSQL refuses is rejected with its SQLSTATE while the rest of its batch lands once", async () => {
  // Valid to the killmail schema (zKillboard's block is passed through), but jsonb cannot hold a NUL: SQLSTATE 22P05.
  const spoiled = { ...records[2], zkb: { note: "nul \u0000 inside" } };
  const inputs = [...records.slice(0, 2), spoiled, ...records.slice(3)].map((json) => parseKillmailInput({ json, source: "import", firstSeenAt: new Date() }));
  const { storeKillmails } = await createKillmailProcessor({ sql: db.sql });
  const outcome = await storeKillmailBatch({ storeKillmails, inputs });
  expect(outcome.rejections.map((r) => r.input)).toEqual([inputs[2]!]);
  expect(outcome.rejections[0]?.reason).toMatch(/^database refused the killmail: .*SQLSTATE 22P05/);
  const byId = (a: number, b: number) => a - b;
  const good = records.filter((_, index) => index !== 2).map((record) => record.killmail_id as number).sort(byId);
  expect(outcome.storedIds.sort(byId)).toEqual(good);
  const again = await storeKillmailBatch({ storeKillmails, inputs: inputs.filter((_, index) => index !== 2) });
  // A duplicate comes back with the sequence number it was stored under.
  expect(again).toEqual({ storedIds: [], duplicateIds: inputs.filter((_, index) => index !== 2).map((i) => i.killmailId), sequences: outcome.sequences, rejections: [] });
  expect([...outcome.sequences.values()].sort(byId)).toEqual(good.map((_, index) => index + 1));
  const rows = await db.sql<{ killmailId: number }[]>`select killmail_id from killmails order by killmail_id`;
  expect(rows.map((row) => row.killmailId)).toEqual(good);
});
