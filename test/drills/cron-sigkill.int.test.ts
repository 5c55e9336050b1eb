/**
 * Drill: `killboard cron` is SIGKILLed in the middle of a gap reconciliation. Its run stays `running` until the
 * next period's run (in a restarted process) marks it abandoned and does the work again; the work is not doubled:
 * every missing killmail is queued once (`km-<id>` jobs) and, once a worker runs, stored once.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { Queue } from "bullmq";
import { DAY_MS, toUtcDay } from "../../src/app/time.ts";
import { loadEmulatorDataset } from "../../src/upstream/emulator/dataset.ts";
import { createEmulator } from "../../src/upstream/emulator/emulator.ts";
import { BUCKET_GROUPS } from "../../src/upstream/emulator/esi.limits.ts";
import { createTestDatabase } from "../support/database.ts";
import { createTestRedis } from "../support/redis.ts";
import { spawnRole, waitFor } from "../support/processes.ts";

const SYNTHETIC = 2_000;

// Every queued killmail is fetched from ESI here: a bucket as small as the real one (1,800 fetches per 15 minutes)
// would park the worker on Retry-After for minutes, which is what it should do, but not what this drill is about.
const BIG_KILLMAIL_BUCKET = { ...BUCKET_GROUPS.killmail!, maxTokens: 1_000_000 };

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
let emulator: Awaited<ReturnType<typeof createEmulator>>;
let server: Awaited<ReturnType<Awaited<ReturnType<typeof createEmulator>>["start"]>>;
let queue: Queue;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis({ name: "cron-sigkill" });
  const today = Date.now();
  const dataset = await loadEmulatorDataset({
    synthetic: SYNTHETIC, includeReal: false, startDate: toUtcDay(new Date(today - 3 * DAY_MS)), endDate: toUtcDay(new Date(today - DAY_MS)),
  });
  emulator = await createEmulator({ dataset, options: { esiBuckets: { killmail: BIG_KILLMAIL_BUCKET } } });
  server = await emulator.start({ port: 0 });
  queue = new Queue("killmails", { connection: redis.redis, prefix: redis.prefix });
});

afterAll(async () => {
  await queue?.close();
  await server?.stop();
  await redis?.drop();
  await db?.drop();
});

const OFF = "partitions=off;rollups=off;reconcile-history=off;names=off;housekeeping=off";
const env = () => ({
  DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, R2Z2_BASE_URL: server.r2z2, ESI_BASE_URL: server.esi,
  RECONCILE_DAYS: "4", CRON_SCHEDULES: `${OFF};reconcile=*/3 * * * * *`,
});
const queued = async () => Object.values(await queue.getJobCounts("waiting", "prioritized", "delayed", "active")).reduce((a, b) => a + b, 0);
const runs = () => db.sql<{ id: number; outcome: string }[]>`select id, outcome from cron_runs where job = 'reconcile' order by id`;
const stored = async () => (await db.sql<{ rows: number; distinct: number }[]>`
  select count(*)::int as rows, count(distinct killmail_id)::int as distinct from killmails`)[0]!;

test("a reconciliation cut by SIGKILL is abandoned, done again next period, and queues each killmail once", async () => {
  // Slow history answers stretch the run over seconds, so the SIGKILL lands inside it.
  emulator.setFaults({ delayMs: 500 });
  const first = spawnRole({ args: ["cron"], env: env() });
  await waitFor({ check: async () => (await queued()) > 0, timeoutMs: 30_000, what: "the first jobs queued" });
  await first.kill("SIGKILL");
  const atKill = await queued();
  expect(atKill).toBeLessThan(SYNTHETIC);
  const [killed] = await runs();
  expect(killed?.outcome).toBe("running");

  const second = spawnRole({ args: ["cron"], env: env() });
  try {
    await waitFor({ check: async () => (await runs()).some((run) => run.id > killed!.id && run.outcome === "succeeded"), timeoutMs: 30_000, what: "a reconcile run to succeed" });
  } finally {
    expect(await second.kill("SIGTERM")).toBe(0);
  }
  expect((await runs()).find((run) => run.id === killed!.id)?.outcome).toBe("abandoned");
  expect(await queued()).toBe(SYNTHETIC);

  emulator.setFaults({ delayMs: 0 });
  const worker = spawnRole({ args: ["work", "--concurrency", "16", "--queues", "killmails"], env: env() });
  try {
    await waitFor({ check: async () => (await stored()).rows >= SYNTHETIC, timeoutMs: 90_000, what: `${SYNTHETIC} stored` });
  } finally {
    await worker.kill("SIGTERM");
  }
  expect(await stored()).toEqual({ rows: SYNTHETIC, distinct: SYNTHETIC });
}, 180_000);
