/** Operator views and actions on the queues: counts, the latest failure reasons, retry or clear failed jobs. */
import type { Queue } from "bullmq";

const STATES = ["waiting", "prioritized", "active", "delayed", "completed", "failed"] as const;
const CLEAN_BATCH = 10_000;

export async function readQueueStats({ queues, sampleFailures = 5 }: { queues: Queue[]; sampleFailures?: number }) {
  return Promise.all(queues.map(async (queue) => {
    const counts = await queue.getJobCounts(...STATES);
    const failed = await queue.getFailed(0, sampleFailures - 1);
    return {
      queue: queue.name,
      counts: Object.fromEntries(STATES.map((state) => [state, counts[state] ?? 0])) as Record<(typeof STATES)[number], number>,
      recentFailures: failed.map((job) => ({ id: job.id ?? "", reason: job.failedReason, attempts: job.attemptsMade })),
    };
  }));
}

export type QueueStats = Awaited<ReturnType<typeof readQueueStats>>;

export function formatQueueStats({ stats }: { stats: QueueStats }) {
  const lines: string[] = [];
  for (const { queue, counts, recentFailures } of stats) {
    lines.push(`${queue}: ${Object.entries(counts).map(([state, n]) => `${state} ${n}`).join(", ")}`);
    for (const failure of recentFailures) lines.push(`  failed ${failure.id} after ${failure.attempts} attempt(s): ${failure.reason}`);
  }
  return lines.join("\n");
}

/** Moves every failed job back to waiting; returns how many there were. */
export async function retryFailedJobs({ queue }: { queue: Queue }) {
  const { failed = 0 } = await queue.getJobCounts("failed");
  await queue.retryJobs({ state: "failed", count: CLEAN_BATCH });
  return { retried: failed };
}

/** Deletes every failed job (and its reason); returns how many were removed. */
export async function clearFailedJobs({ queue }: { queue: Queue }) {
  let removed = 0;
  for (;;) {
    const ids = await queue.clean(0, CLEAN_BATCH, "failed");
    removed += ids.length;
    if (ids.length < CLEAN_BATCH) return { removed };
  }
}
