/**
 * The `prices` cron job in a real `killboard cron` against the emulator's ESI: it stores history for the types of
 * stored kills, values yesterday's kill again with it, leaves a kill older than its 2 days alone, and its next
 * period (same ESI refresh) fetches nothing and changes nothing.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { onlyCronJobs } from "../../test/support/cron.ts";
import { spawnRole, waitFor } from "../../test/support/processes.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { readFixtureKillmails } from "../../test/support/universe.ts";
import { parseKillmailInput } from "../killmails/killmail.schemas.ts";
import { createKillmailProcessor } from "../killmails/killmail.usecases.ts";
import { startTestEmulator, type TestEmulator } from "../upstream/emulator/emulator.testing.ts";

let RECENT = 0;
let OLD = 0;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
let sandbox: TestEmulator;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis({ name: "cron-prices" });
  sandbox = await startTestEmulator();
  const fixtures = await readFixtureKillmails();
  const fitted = fixtures.filter((json) => (json.esi.victim.items?.length ?? 0) > 5);
  const [recent, old] = [fitted[0]!, fitted[1]!];
  [RECENT, OLD] = [recent.killmail_id, old.killmail_id];
  // Yesterday, so the job's revaluation covers it and the emulator's generated history (last 400 days) prices it.
  recent.esi.killmail_time = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
  const processor = await createKillmailProcessor({ sql: db.sql });
  await processor.storeKillmails({ inputs: [recent, old].map((json) => parseKillmailInput({ json, source: "import", firstSeenAt: new Date(0) })) });
});
afterAll(async () => {
  await sandbox?.stop();
  await redis?.drop();
  await db?.drop();
});

type Run = { outcome: string; counts: Record<string, any> | null; error: string | null };
const runs = () => db.sql<Run[]>`select outcome, counts, error from cron_runs where job = 'prices' and outcome <> 'running' order by id`;
const valueOf = async (killmailId: number) => (await db.sql<{ totalValue: number }[]>`select total_value from killmails where killmail_id = ${killmailId}`)[0]!.totalValue;

test("the prices job stores history for the seen types and revalues the last 2 days' kills, once per refresh", async () => {
  const before = { recent: await valueOf(RECENT), old: await valueOf(OLD) };
  const env = {
    DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, ESI_BASE_URL: sandbox.server.esi, LOG_LEVEL: "info",
    CRON_SCHEDULES: onlyCronJobs({ prices: "*/2 * * * * *" }),
  };
  const cron = spawnRole({ args: ["cron"], env });
  try {
    await waitFor({ check: async () => (await runs()).length >= 2, timeoutMs: 90_000, what: "two prices runs" });
  } finally {
    expect(await cron.kill("SIGTERM")).toBe(0);
  }
  const [first, second] = await runs();
  expect(first).toMatchObject({ outcome: "succeeded", error: null });
  expect(first!.counts).toMatchObject({ failed: 0, revalueScanned: 1, revalueChanged: 1 });
  expect(first!.counts!.fetched).toBe(first!.counts!.types);
  expect(first!.counts!.rows).toBeGreaterThan(0);
  expect(first!.counts!.largestChanges[0]).toMatchObject({ killmailId: RECENT, before: before.recent });

  const after = await valueOf(RECENT);
  expect(after).not.toBe(before.recent);
  expect(after).toBe(first!.counts!.largestChanges[0].after);
  const [emulated] = await db.sql<{ count: number }[]>`
    select count(*)::int as count from killmail_items where killmail_id = ${RECENT} and price_source = 'emulated_market'`;
  expect(emulated!.count).toBeGreaterThan(0);
  expect(await valueOf(OLD)).toBe(before.old);

  expect(second).toMatchObject({ outcome: "succeeded" });
  expect(second!.counts).toMatchObject({ fetched: 0, skipped: first!.counts!.types, rows: 0, snapshots: 0, revalueScanned: 1, revalueChanged: 0 });
}, 120_000);
