/**
 * The worker's figures: killmails by source and outcome, feed-to-database latency, job durations and failures,
 * and queue depth. Depth is read from Redis when scraped (every process sees the same queues, so take the max
 * across processes, not the sum); a Redis that does not answer within QUEUE_DEPTH_TIMEOUT_MS leaves the series
 * out rather than repeating an old figure as if it were fresh.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { withDeadline } from "../app/deadline.ts";

export const QUEUE_DEPTH_TIMEOUT_MS = 2_000;
/** Every state a BullMQ job can be in; live killmails carry a priority, so they wait in `prioritized`. */
export const QUEUE_STATES = ["waiting", "prioritized", "active", "delayed", "failed", "completed", "waiting-children"] as const;
/** Live ingest takes seconds; the long tail is a worker or ESI outage, a backlog after a restart. */
const LATENCY_BUCKETS_S = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
const JOB_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** The part of a BullMQ Queue the depth gauge reads. */
export type CountableQueue = { name: string; getJobCounts: (...states: (typeof QUEUE_STATES)[number][]) => Promise<Record<string, number>> };

export function defineIngestMetrics({ registry }: { registry: Registry }) {
  const killmails = new Counter({
    name: "killboard_killmails_processed_total",
    help: "Killmail jobs the worker finished, by feed source and outcome (stored, duplicate, rejected, outside-board: not about BOARD_ENTITIES)",
    labelNames: ["source", "outcome"], registers: [registry],
  });
  const latency = new Histogram({
    name: "killboard_ingest_latency_seconds",
    help: "Time from the first feed seeing a killmail (firstSeenAt) to the worker storing it, by source",
    labelNames: ["source"], buckets: LATENCY_BUCKETS_S, registers: [registry],
  });
  const jobSeconds = new Histogram({
    name: "killboard_queue_job_duration_seconds",
    help: "Time a worker spent on one job attempt, by queue and outcome (completed, failed)",
    labelNames: ["queue", "outcome"], buckets: JOB_BUCKETS_S, registers: [registry],
  });
  const failures = new Counter({
    name: "killboard_queue_job_failures_total",
    help: "Failed job attempts by queue; final=\"true\" when the job will not be retried",
    labelNames: ["queue", "final"], registers: [registry],
  });
  const latePartitions = new Counter({
    name: "killboard_partitions_created_late_total",
    help: "Months (this one or later) whose killmail partitions the worker had to create: the cron partitions job is not running",
    registers: [registry],
  });
  const watched: CountableQueue[] = [];
  new Gauge({
    name: "killboard_queue_jobs",
    help: "Jobs per queue and state, read from Redis when scraped",
    labelNames: ["queue", "state"], registers: [registry],
    async collect() {
      this.reset();
      const read = Promise.all(watched.map(async (queue) => ({ queue: queue.name, counts: await queue.getJobCounts(...QUEUE_STATES) })));
      const results = await withDeadline({ promise: read, ms: QUEUE_DEPTH_TIMEOUT_MS, message: "queue depth: no answer" }).catch(() => []);
      for (const { queue, counts } of results) for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
    },
  });

  return {
    recordOutcome({ source, outcome, firstSeenAt, now = Date.now() }: { source: string; outcome: string; firstSeenAt?: Date; now?: number }) {
      killmails.inc({ source, outcome });
      if (outcome === "stored" && firstSeenAt) latency.observe({ source }, Math.max(0, now - firstSeenAt.getTime()) / 1000);
    },
    recordJob({ queue, outcome, seconds, final }: { queue: string; outcome: "completed" | "failed"; seconds?: number; final?: boolean }) {
      if (seconds !== undefined) jobSeconds.observe({ queue, outcome }, seconds);
      if (outcome === "failed") failures.inc({ queue, final: String(Boolean(final)) });
    },
    recordLatePartition() {
      latePartitions.inc();
    },
    watchQueues({ queues }: { queues: CountableQueue[] }) {
      watched.push(...queues);
    },
  };
}

export type IngestMetrics = ReturnType<typeof defineIngestMetrics>;
