/**
 * Drill: Redis is flushed (FLUSHALL: queue, jobs and the live stream gone) in the middle of a 5,000-killmail
 * replay. The listener's cursor lives in PostgreSQL, so what was queued but not yet stored is lost from Redis;
 * one gap reconciliation run (`killboard cron run reconcile`) queues it again from zKillboard's history, and
 * every killmail the emulator's totals list ends up stored exactly once.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { Queue } from "bullmq";
import { DAY_MS, toUtcDay } from "../../src/app/time.ts";
import { loadEmulatorDataset } from "../../src/upstream/emulator/dataset.ts";
import { createEmulator } from "../../src/upstream/emulator/emulator.ts";
import { BUCKET_GROUPS } from "../../src/upstream/emulator/esi.limits.ts";
import { FIRST_SEQUENCE } from "../../src/upstream/emulator/feed.ts";
import { createTestDatabase } from "../support/database.ts";
import { startPrivateRedis } from "../support/private-redis.ts";
import { runRole, spawnRole, waitFor } from "../support/processes.ts";

const SYNTHETIC = 5_000;

// Every queued killmail is fetched from ESI here: a bucket as small as the real one (1,800 fetches per 15 minutes)
// would park the worker on Retry-After for minutes, which is what it should do, but not what this drill is about.
const BIG_KILLMAIL_BUCKET = { ...BUCKET_GROUPS.killmail!, maxTokens: 1_000_000 };

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
let emulator: Awaited<ReturnType<typeof createEmulator>>;
let server: Awaited<ReturnType<Awaited<ReturnType<typeof createEmulator>>["start"]>>;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await startPrivateRedis();
  // Yesterday and the day before: inside the hourly reconciliation's window whatever day the suite runs on.
  const today = Date.now();
  const dataset = await loadEmulatorDataset({
    synthetic: SYNTHETIC, includeReal: false, startDate: toUtcDay(new Date(today - 2 * DAY_MS)), endDate: toUtcDay(new Date(today - DAY_MS)),
  });
  emulator = await createEmulator({ dataset, options: { r2z2RequestsPerSecond: 100_000, esiBuckets: { killmail: BIG_KILLMAIL_BUCKET } } });
  server = await emulator.start({ port: 0 });
});

afterAll(async () => {
  await server?.stop();
  await redis?.stop();
  await db?.drop();
});

const env = () => ({ DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: "drill", R2Z2_BASE_URL: server.r2z2, ESI_BASE_URL: server.esi });
/** Where the killmails that never got stored are, for a failure message worth reading. */
async function describeMissing() {
  const queue = new Queue("killmails", { connection: { url: redis.url }, prefix: "drill" });
  const stored = new Set((await db.sql<{ killmailId: number }[]>`select killmail_id from killmail_ids`).map((row) => Number(row.killmailId)));
  const missing = emulator.context.dataset.records.map((record) => record.killmail_id).filter((id) => !stored.has(id));
  const states = await Promise.all(missing.slice(0, 10).map(async (id) => `${id}:${await (await queue.getJob(`km-${id}`))?.getState()}`));
  const counts = await queue.getJobCounts();
  await queue.close();
  return `${missing.length} missing (${states.join(", ")}); jobs ${JSON.stringify(counts)}`;
}

const count = async () => (await db.sql<{ rows: number; distinct: number }[]>`
  select count(*)::int as rows, count(distinct killmail_id)::int as distinct from killmails`)[0]!;
const cursor = async () => Number((await db.sql<{ cursor: string }[]>`select cursor from feed_cursors where feed = ${"r2z2"}`)[0]?.cursor ?? 0);

test("after FLUSHALL mid-replay, one reconciliation run brings every killmail back, each stored once", async () => {
  const total = emulator.context.dataset.records.length;
  const head = FIRST_SEQUENCE + total - 1;
  // The listener outruns the worker: at the flush, thousands are queued but not stored.
  const worker = spawnRole({ args: ["work", "--concurrency", "8", "--queues", "killmails"], env: env() });
  const listener = spawnRole({ args: ["listen", "r2z2", "--from-sequence", String(FIRST_SEQUENCE), "--wait-on-404-ms", "50", "--max-requests-per-s", "5000"], env: env() });
  try {
    emulator.publish(total);
    await waitFor({ check: async () => (await count()).rows >= 300, timeoutMs: 60_000, what: "300 stored" });
    await redis.flushAll();
    const atFlush = (await count()).rows;
    await waitFor({ check: async () => (await cursor()) >= head, timeoutMs: 60_000, what: "the listener at the head" });
    // Whatever survived the flush drains; what was lost stays lost until reconciliation.
    let previous = -1;
    await waitFor({ check: async () => { const now = (await count()).rows; const settled = now === previous; previous = now; return settled; }, timeoutMs: 90_000, intervalMs: 2_000, what: "the worker to settle" });
    const beforeReconcile = (await count()).rows;
    expect(atFlush).toBeLessThan(total);
    expect(beforeReconcile).toBeLessThan(total);
    const run = await runRole({ args: ["cron", "run", "reconcile"], env: { ...env(), RECONCILE_DAYS: "3" } });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.output.trim().split("\n").at(-1)!).counts.queued).toBe(total - beforeReconcile);
    await waitFor({ check: async () => (await count()).rows >= total, timeoutMs: 120_000, what: `${total} stored` })
      .catch(async (error) => { throw new Error(`${error.message}: ${await describeMissing()}\nworker: ${worker.output().slice(-1500)}`); });
  } finally {
    await Promise.all([worker.kill("SIGTERM"), listener.kill("SIGTERM")]);
  }
  expect(await count()).toEqual({ rows: total, distinct: total });
}, 240_000);
