import { afterAll, expect, test } from "bun:test";
import { UnrecoverableError, Worker } from "bullmq";
import { createQueues, enqueueKillmails, LIVE_PRIORITY } from "../queue/queue.client.ts";
import { KILLMAIL_QUEUE } from "../queue/queue.names.ts";
import { createRedisClient } from "../redis/redis.client.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { waitFor } from "../../test/support/processes.ts";
import { clearFailedJobs, readQueueStats, retryFailedJobs } from "./queue.ops.ts";

const redis = createTestRedis({ name: "queue-ops" });
afterAll(() => redis.drop());

test("failed jobs show with their reason, go back to waiting on retry and vanish on clear", async () => {
  const producer = createRedisClient({ url: redis.url, purpose: "producer" });
  const workerConnection = createRedisClient({ url: redis.url, purpose: "worker" });
  const queues = createQueues({ connection: producer, prefix: redis.prefix });
  const job = { killmailId: 42, hash: "a".repeat(40), source: "manual" as const, firstSeenAt: new Date().toISOString() };
  await enqueueKillmails({ queue: queues.killmails, jobs: [job, job], priority: LIVE_PRIORITY });
  const worker = new Worker(KILLMAIL_QUEUE, async () => {
    throw new UnrecoverableError("Invalid killmail: victim.ship_type_id: expected number");
  }, { connection: workerConnection, prefix: redis.prefix });
  await waitFor({ check: async () => ((await queues.killmails.getJobCounts("failed")).failed ?? 0) === 1, timeoutMs: 10_000, what: "one failed job" });
  await worker.close();
  const [stats] = await readQueueStats({ queues: [queues.killmails] });
  expect(stats!.counts.failed).toBe(1);
  expect(stats!.recentFailures).toEqual([{ id: "km-42", reason: "Invalid killmail: victim.ship_type_id: expected number", attempts: 1 }]);
  expect(await retryFailedJobs({ queue: queues.killmails })).toEqual({ retried: 1 });
  const counts = await queues.killmails.getJobCounts("failed", "waiting", "prioritized");
  expect(counts.failed).toBe(0);
  expect((counts.waiting ?? 0) + (counts.prioritized ?? 0)).toBe(1);
  const again = new Worker(KILLMAIL_QUEUE, async () => {
    throw new UnrecoverableError("still bad");
  }, { connection: workerConnection, prefix: redis.prefix });
  await waitFor({ check: async () => ((await queues.killmails.getJobCounts("failed")).failed ?? 0) === 1, timeoutMs: 10_000, what: "failed again" });
  await again.close();
  expect(await clearFailedJobs({ queue: queues.killmails })).toEqual({ removed: 1 });
  expect((await queues.killmails.getJobCounts("failed")).failed).toBe(0);
  await queues.close();
  await producer.quit();
  await workerConnection.quit();
});
