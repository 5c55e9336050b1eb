/**
 * BullMQ worker wiring shared by the killmail and enrichment queues. A SIGKILLed worker leaves its active jobs
 * locked; once the lock expires the stalled check hands them to another worker. `maxStalledCount` is raised
 * because a stall is a crash of ours, not a fault of the job, and must never turn a killmail into a failure.
 */
import { Worker, type Job } from "bullmq";
import type { Logger } from "../app/log.ts";
import type { IngestMetrics } from "../metrics/metrics.ingest.ts";
import type { RedisClient } from "../redis/redis.client.ts";

export const WORKER_LOCK_DURATION_MS = 30_000;
const MAX_STALLED_COUNT = 1_000;

/** Seconds of the attempt that just ended; a job that never started (a failed lock) has no duration. */
const attemptSeconds = (job: Job | undefined) => (job?.processedOn ? Math.max(0, (job.finishedOn ?? Date.now()) - job.processedOn) / 1000 : undefined);

export function createQueueWorker({ name, connection, prefix, concurrency, lockDurationMs = WORKER_LOCK_DURATION_MS, process, logger, metrics }: {
  name: string;
  connection: RedisClient;
  prefix: string;
  concurrency: number;
  lockDurationMs?: number;
  process: (job: Job) => Promise<unknown>;
  logger: Logger;
  metrics?: Pick<IngestMetrics, "recordJob">;
}) {
  const worker = new Worker(name, process, {
    connection,
    prefix,
    concurrency,
    lockDuration: lockDurationMs,
    stalledInterval: Math.max(1_000, Math.floor(lockDurationMs / 2)),
    maxStalledCount: MAX_STALLED_COUNT,
    autorun: false,
  });
  worker.on("failed", (job, error) => {
    const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || error.name === "UnrecoverableError";
    const line = `${name} job ${job?.id ?? "?"} ${final ? "failed" : "will retry"}: ${error.message}`;
    if (final) logger.warn(line);
    else logger.debug(line);
    metrics?.recordJob({ queue: name, outcome: "failed", seconds: attemptSeconds(job), final });
  });
  worker.on("completed", (job) => metrics?.recordJob({ queue: name, outcome: "completed", seconds: attemptSeconds(job) }));
  worker.on("error", (error) => logger.error(`${name} worker: ${error.message}`));
  return worker;
}
