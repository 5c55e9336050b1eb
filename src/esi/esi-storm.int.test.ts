/**
 * ESI storm: 30% of answers are 5xx and a 420 burst hits mid-run. Every killmail still lands once, and after
 * the first 420 no request reaches ESI until the window resets (at most one 420 per request already in flight).
 * On error-limited routes, 5xx answers spend the budget: callers stop before it is gone, so ESI never says 420.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import { createEnrichmentRepository } from "../enrichment/enrichment.repository.ts";
import { createEnrichmentProcessor } from "../enrichment/enrichment.job.ts";
import { parseKillmailInput } from "../killmails/killmail.schemas.ts";
import { createKillmailProcessor } from "../killmails/killmail.usecases.ts";
import { createEsiClient } from "./esi.client.ts";
import { startWorkService } from "../ingest/work.service.ts";
import { createQueues, enqueueKillmails, LIVE_PRIORITY } from "../queue/queue.client.ts";
import { createRedisClient } from "../redis/redis.client.ts";
import { loadEmulatorDataset } from "../upstream/emulator/dataset.ts";
import { createEmulator } from "../upstream/emulator/emulator.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { waitFor } from "../../test/support/processes.ts";

const CONCURRENCY = 6;
const logger = createLogger({ config: { LOG_LEVEL: "error", LOG_FORMAT: "pretty" }, tag: "storm" });

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
let emulator: Awaited<ReturnType<typeof createEmulator>>;
let server: Awaited<ReturnType<Awaited<ReturnType<typeof createEmulator>>["start"]>>;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis({ name: "esi-storm" });
  const dataset = await loadEmulatorDataset({ synthetic: 400, startDate: "2026-11-01", endDate: "2026-11-02" });
  emulator = await createEmulator({ dataset, options: { faults: { errorRate: 0.3 }, seed: 7 } });
  server = await emulator.start({ port: 0 });
});

afterAll(async () => {
  await server?.stop();
  await redis?.drop();
  await db?.drop();
});

const storedCount = async () => (await db.sql<{ count: number }[]>`select count(*)::int as count from killmail_ids`)[0]!.count;

test("a 5xx storm and a 420 burst lose nothing and send nothing while the error budget is spent", async () => {
  const records = emulator.context.dataset.records;
  const producer = createRedisClient({ url: redis.url, purpose: "producer" });
  const queues = createQueues({ connection: producer, prefix: redis.prefix });
  const jobs = records.map((record) => ({ killmailId: record.killmail_id, hash: record.hash, source: "redisq" as const, firstSeenAt: new Date().toISOString() }));
  await enqueueKillmails({ queue: queues.killmails, jobs, priority: LIVE_PRIORITY });
  const service = await startWorkService({
    sql: db.sql, redisUrl: redis.url, esiBaseUrl: server.esi, userAgent: "killboard-test", prefix: redis.prefix,
    concurrency: CONCURRENCY, queueNames: ["killmails"], logger, esi: { retryBaseMs: 50 },
  });
  try {
    await waitFor({ check: async () => (await storedCount()) >= records.length / 3, timeoutMs: 30_000, what: "a third stored" });
    emulator.setFaults({ errorStormSeconds: 2 });
    await waitFor({ check: async () => (await storedCount()) >= records.length, timeoutMs: 60_000, what: `${records.length} stored` });
  } finally {
    await service.close();
  }
  const stats = emulator.stats();
  expect(stats.byStatus["420"] ?? 0).toBeGreaterThanOrEqual(1);
  expect(stats.byStatus["420"] ?? 0).toBeLessThanOrEqual(CONCURRENCY);
  expect((stats.byStatus["500"] ?? 0) + (stats.byStatus["502"] ?? 0) + (stats.byStatus["503"] ?? 0) + (stats.byStatus["504"] ?? 0)).toBeGreaterThan(50);
  const [row] = await db.sql<{ rows: number; distinct: number }[]>`select count(*)::int as rows, count(distinct killmail_id)::int as distinct from killmails`;
  expect(row).toEqual({ rows: records.length, distinct: records.length });
  expect(await queues.killmails.getJobCounts("failed")).toEqual({ failed: 0 });
  await queues.close();
  await producer.quit();
}, 120_000);

test("errors that spend the error budget pause every caller before ESI answers 420", async () => {
  const limited = await createEmulator({
    dataset: emulator.context.dataset,
    options: { faults: { errorRate: 0.3 }, seed: 11, esiErrorLimit: 30, timings: { esiErrorWindowMs: 1_000 } },
  });
  const limitedServer = await limited.start({ port: 0 });
  const own = await createTestDatabase();
  const sql = own.sql;
  try {
    const processor = await createKillmailProcessor({ sql });
    // Small fights only: a few hundred entities keep the run to seconds at 20 errors per window.
    const small = emulator.context.dataset.records.filter((record) => record.esi.attackers.length <= 5).slice(0, 60);
    const inputs = small.map((record) =>
      parseKillmailInput({ json: { killmail_id: record.killmail_id, hash: record.hash, esi: record.esi }, source: "manual", firstSeenAt: new Date() }));
    await processor.storeKillmails({ inputs });
    const esi = createEsiClient({ baseUrl: limitedServer.esi, userAgent: "killboard-test", retryBaseMs: 20 });
    const repository = createEnrichmentRepository({ sql });
    const processSweep = createEnrichmentProcessor({ sql, esi, logger });
    // As the queue would: a sweep that fails (retries exhausted on a 5xx) runs again.
    for (let sweep = 0; sweep < 20 && (await repository.countUnenriched()) > 0; sweep++) await processSweep({} as never).catch(() => {});
    expect(await repository.countUnenriched()).toBe(0);
    const stats = limited.stats();
    expect((stats.byStatus["500"] ?? 0) + (stats.byStatus["502"] ?? 0) + (stats.byStatus["503"] ?? 0) + (stats.byStatus["504"] ?? 0)).toBeGreaterThan(30);
    expect(stats.byStatus["420"] ?? 0).toBe(0);
  } finally {
    await limitedServer.stop();
    await own.drop();
  }
}, 60_000);
