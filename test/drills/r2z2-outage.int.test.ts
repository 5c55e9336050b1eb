/**
 * Drill: the listener is down longer than R2Z2 keeps its files. On restart it finds its cursor's sequences expired,
 * moves to the oldest one still served (saying which it skipped) and follows live kills again; one gap
 * reconciliation run then queues the skipped kills from zKillboard's history, and every killmail is stored once.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { DAY_MS, toUtcDay } from "../../src/app/time.ts";
import { loadEmulatorDataset } from "../../src/upstream/emulator/dataset.ts";
import { createEmulator } from "../../src/upstream/emulator/emulator.ts";
import { BUCKET_GROUPS } from "../../src/upstream/emulator/esi.limits.ts";
import { FIRST_SEQUENCE } from "../../src/upstream/emulator/feed.ts";
import { createTestDatabase } from "../support/database.ts";
import { createTestRedis } from "../support/redis.ts";
import { runRole, spawnRole, waitFor } from "../support/processes.ts";

const SYNTHETIC = 3_000;
/** R2Z2 serves only the newest this many sequences here. */
const RETAINED = 500;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
let emulator: Awaited<ReturnType<typeof createEmulator>>;
let server: Awaited<ReturnType<Awaited<ReturnType<typeof createEmulator>>["start"]>>;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis({ name: "r2z2-outage" });
  const today = Date.now();
  const dataset = await loadEmulatorDataset({
    synthetic: SYNTHETIC, includeReal: false, startDate: toUtcDay(new Date(today - 2 * DAY_MS)), endDate: toUtcDay(new Date(today - DAY_MS)),
  });
  emulator = await createEmulator({ dataset, options: {
    r2z2RequestsPerSecond: 100_000, r2z2RetainedSequences: RETAINED, esiBuckets: { killmail: { ...BUCKET_GROUPS.killmail!, maxTokens: 1_000_000 } },
  } });
  server = await emulator.start({ port: 0 });
});

afterAll(async () => {
  await server?.stop();
  await redis?.drop();
  await db?.drop();
});

const env = () => ({ DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, R2Z2_BASE_URL: server.r2z2, ESI_BASE_URL: server.esi });
const startListener = () => spawnRole({ args: ["listen", "r2z2", "--from-sequence", String(FIRST_SEQUENCE), "--wait-on-404-ms", "50", "--max-requests-per-s", "5000"], env: env() });
const count = async () => (await db.sql<{ rows: number; distinct: number }[]>`
  select count(*)::int as rows, count(distinct killmail_id)::int as distinct from killmails`)[0]!;

test("kills that expired from R2Z2 during an outage come back through reconciliation, each stored once", async () => {
  const worker = spawnRole({ args: ["work", "--concurrency", "16", "--queues", "killmails"], env: env() });
  let listener = startListener();
  try {
    emulator.publish(500);
    await waitFor({ check: async () => (await count()).rows >= 500, timeoutMs: 60_000, what: "the first 500 stored" });
    await listener.kill("SIGKILL");
    // The outage: 2,000 kills published while nobody listens; R2Z2 keeps only the newest 500 of them.
    emulator.publish(2_000);
    listener = startListener();
    await waitFor({ check: async () => (await count()).rows >= 1_000, timeoutMs: 60_000, what: "the kills R2Z2 still served" });
    expect(listener.output()).toContain(`expired while this listener was away; continuing at ${FIRST_SEQUENCE + 2_000}`);
    // Back on the live feed.
    emulator.publish(500);
    await waitFor({ check: async () => (await count()).rows >= 1_500, timeoutMs: 60_000, what: "the live kills after the outage" });
    expect((await count()).rows).toBe(1_500);
    const run = await runRole({ args: ["cron", "run", "reconcile"], env: { ...env(), RECONCILE_DAYS: "3" } });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.output.trim().split("\n").at(-1)!).counts.queued).toBe(1_500);
    await waitFor({ check: async () => (await count()).rows >= SYNTHETIC, timeoutMs: 90_000, what: `${SYNTHETIC} stored` });
  } finally {
    await Promise.all([worker.kill("SIGTERM"), listener.kill("SIGTERM")]);
  }
  expect(await count()).toEqual({ rows: SYNTHETIC, distinct: SYNTHETIC });
}, 240_000);
