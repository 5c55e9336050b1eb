/**
 * Bad input never crashes ingestion: malformed feed records and invalid bodies become failed jobs whose reason
 * names the problem, an invalid hash (ESI 422) and a body Postgres refuses fail without retries, and the
 * killmails around them (even those stored in the same batch) still land.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import { createQueues, enqueueKillmails, LIVE_PRIORITY } from "../queue/queue.client.ts";
import { createRedisClient } from "../redis/redis.client.ts";
import { createEmulatorDataset, loadRealRecords, type EmulatorRecord } from "../upstream/emulator/dataset.ts";
import { createEmulator } from "../upstream/emulator/emulator.ts";
import { FIRST_SEQUENCE } from "../upstream/emulator/feed.ts";
import { createR2z2Client } from "../upstream/r2z2.client.ts";
import { runR2z2Listener } from "../upstream/r2z2.listener.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { waitFor } from "../../test/support/processes.ts";
import { createListenerWiring } from "./listen.service.ts";
import { startWorkService } from "./work.service.ts";

const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "bad-input" });

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
let emulator: Awaited<ReturnType<typeof createEmulator>>;
let server: Awaited<ReturnType<Awaited<ReturnType<typeof createEmulator>>["start"]>>;
let good: EmulatorRecord[];

function spoil(record: EmulatorRecord, change: (esi: Record<string, unknown>) => Record<string, unknown>, hash = record.hash): EmulatorRecord {
  return { ...record, hash, esi: change(structuredClone(record.esi) as Record<string, unknown>) as EmulatorRecord["esi"] };
}

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis({ name: "bad-input" });
  const real = await loadRealRecords();
  const [a, b, c, d, e] = real.splice(0, 5) as [EmulatorRecord, EmulatorRecord, EmulatorRecord, EmulatorRecord, EmulatorRecord];
  good = real;
  const bad = [
    spoil(a, (esi) => esi, "not-a-hash"),
    spoil(b, (esi) => ({ ...esi, victim: { ...(esi.victim as object), ship_type_id: undefined } })),
    spoil(c, (esi) => ({ ...esi, killmail_time: "yesterday" })),
    spoil(d, (esi) => ({ ...esi, killmail_id: 1 })),
    // Valid to the schema (unknown fields pass through), but jsonb cannot hold a NUL: SQLSTATE 22P05.
    spoil(e, (esi) => ({ ...esi, note: "nul \u0000 inside" })),
  ];
  emulator = await createEmulator({ dataset: createEmulatorDataset({ records: [...good, ...bad] }), options: { r2z2RequestsPerSecond: 100_000 } });
  server = await emulator.start({ port: 0 });
});

afterAll(async () => {
  await server?.stop();
  await redis?.drop();
  await db?.drop();
});

test("malformed records and bodies fail with their reason while the rest lands", async () => {
  const service = await startWorkService({
    sql: db.sql, redisUrl: redis.url, esiBaseUrl: server.esi, userAgent: "killboard-test", prefix: redis.prefix, concurrency: 4, queueNames: ["killmails"], logger,
  });
  const wiring = createListenerWiring({ feed: "r2z2", sql: db.sql, redisUrl: redis.url, prefix: redis.prefix });
  const controller = new AbortController();
  const client = createR2z2Client({ baseUrl: server.r2z2, userAgent: "killboard-test", maxRequestsPerS: 1_000 });
  const listening = runR2z2Listener({ client, port: wiring.port, logger, signal: controller.signal, fromSequence: FIRST_SEQUENCE, waitOn404Ms: 50 });
  const producer = createRedisClient({ url: redis.url, purpose: "producer" });
  const queues = createQueues({ connection: producer, prefix: redis.prefix });
  try {
    emulator.publish(emulator.context.dataset.records.length);
    // An id/hash pair ESI does not know (422/404): permanent, so one attempt and no retries.
    const unknownPair = { killmailId: 999_999_999, hash: "0".repeat(40), source: "manual" as const, firstSeenAt: new Date().toISOString() };
    await enqueueKillmails({ queue: queues.killmails, jobs: [unknownPair], priority: LIVE_PRIORITY });
    await waitFor({ check: async () => ((await queues.killmails.getJobCounts("failed")).failed ?? 0) >= 6, timeoutMs: 30_000, what: "6 failed jobs" });
    await waitFor({ check: async () => (await db.sql`select 1 from killmail_ids`).length >= good.length, timeoutMs: 30_000, what: "good killmails stored" });
  } finally {
    controller.abort();
    await listening;
    await service.close();
    await wiring.close();
  }
  const reasons = (await queues.killmails.getFailed()).map((job) => job.failedReason).sort();
  expect(reasons).toHaveLength(6);
  expect(reasons.some((reason) => /hash: expected 40 hex/.test(reason))).toBe(true);
  expect(reasons.some((reason) => /victim\.ship_type_id/.test(reason))).toBe(true);
  expect(reasons.some((reason) => /killmail_time/.test(reason))).toBe(true);
  expect(reasons.some((reason) => /does not match killmail_id/.test(reason))).toBe(true);
  expect(reasons.some((reason) => /422|404/.test(reason))).toBe(true);
  expect(reasons.some((reason) => /database refused the killmail: .*SQLSTATE 22P05/.test(reason))).toBe(true);
  const failed = await queues.killmails.getFailed();
  expect(failed.every((job) => job.attemptsMade <= 1)).toBe(true);
  expect((await db.sql<{ n: number }[]>`select count(*)::int as n from killmails`)[0]!.n).toBe(good.length);
  await queues.close();
  await producer.quit();
}, 60_000);
