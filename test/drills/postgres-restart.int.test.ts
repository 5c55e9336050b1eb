/**
 * Drill: PostgreSQL restarts in the middle of ingest (every connection cut, the server back a second later). The
 * worker and the listener stay up and retry; afterwards every killmail is stored exactly once and no job failed.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { Queue } from "bullmq";
import { loadEmulatorDataset } from "../../src/upstream/emulator/dataset.ts";
import { createEmulator } from "../../src/upstream/emulator/emulator.ts";
import { FIRST_SEQUENCE } from "../../src/upstream/emulator/feed.ts";
import { startPrivatePostgres } from "../support/private-postgres.ts";
import { createTestRedis } from "../support/redis.ts";
import { spawnRole, waitFor } from "../support/processes.ts";

const SYNTHETIC = 3_000;

let postgres: Awaited<ReturnType<typeof startPrivatePostgres>>;
let redis: ReturnType<typeof createTestRedis>;
let emulator: Awaited<ReturnType<typeof createEmulator>>;
let server: Awaited<ReturnType<Awaited<ReturnType<typeof createEmulator>>["start"]>>;

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  redis = createTestRedis({ name: "pg-restart" });
  const dataset = await loadEmulatorDataset({ synthetic: SYNTHETIC, includeReal: false, startDate: "2026-11-01", endDate: "2026-11-02" });
  emulator = await createEmulator({ dataset, options: { r2z2RequestsPerSecond: 100_000 } });
  server = await emulator.start({ port: 0 });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await redis?.drop();
  await postgres?.stop();
});

const env = () => ({ DATABASE_URL: postgres.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, R2Z2_BASE_URL: server.r2z2, ESI_BASE_URL: server.esi });
const count = async () => (await postgres.sql<{ rows: number; distinct: number }[]>`
  select count(*)::int as rows, count(distinct killmail_id)::int as distinct from killmails`)[0]!;

test("a PostgreSQL restart mid-ingest loses and doubles nothing, and the roles stay up", async () => {
  const total = emulator.context.dataset.records.length;
  const worker = spawnRole({ args: ["work", "--concurrency", "8", "--queues", "killmails"], env: env() });
  const listener = spawnRole({ args: ["listen", "r2z2", "--from-sequence", String(FIRST_SEQUENCE), "--wait-on-404-ms", "50", "--max-requests-per-s", "2000"], env: env() });
  try {
    emulator.publish(total);
    await waitFor({ check: async () => (await count()).rows >= 300, timeoutMs: 60_000, what: "300 stored" });
    await postgres.restart();
    const afterRestart = (await count()).rows;
    expect(afterRestart).toBeLessThan(total);
    await waitFor({ check: async () => (await count()).rows >= total, timeoutMs: 120_000, what: `${total} stored` })
      .catch((error) => { throw new Error(`${error.message}\nworker: ${worker.output().slice(-1500)}\nlistener: ${listener.output().slice(-1500)}`); });
    expect([worker.proc.exitCode, listener.proc.exitCode]).toEqual([null, null]);
  } finally {
    expect(await Promise.all([worker.kill("SIGTERM"), listener.kill("SIGTERM")])).toEqual([0, 0]);
  }
  expect(await count()).toEqual({ rows: total, distinct: total });
  const queue = new Queue("killmails", { connection: redis.redis, prefix: redis.prefix });
  expect(await queue.getJobCounts("failed")).toEqual({ failed: 0 });
  await queue.close();
}, 240_000);
