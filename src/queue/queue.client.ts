/**
 * The queues and the only ways jobs enter them. Every killmail job is `km-<id>`: BullMQ ignores an add whose id
 * already exists, so the same kill from R2Z2, RedisQ and EVE-KILL becomes one job; storage is exactly-once on
 * its own (killmail_ids primary key), this just saves the second and third ESI call.
 */
import { Queue } from "bullmq";
import type { RedisClient } from "../redis/redis.client.ts";
import { DEFAULT_QUEUE_PREFIX, ENRICHMENT_QUEUE, KILLMAIL_QUEUE, PRIORITY, WEBHOOK_QUEUE, killmailJobId, webhookJobId, type QueueName } from "./queue.names.ts";
import { enrichmentJobOptions, ENRICHMENT_DELAY_MS, killmailJobOptions, webhookJobOptions } from "./queue.options.ts";
import { enrichmentJobSchema, killmailJobSchema, webhookJobSchema, type KillmailJob, type WebhookJob } from "./queue.schemas.ts";

export function createQueues({ connection, prefix = DEFAULT_QUEUE_PREFIX }: { connection: RedisClient; prefix?: string }) {
  const killmails = new Queue(KILLMAIL_QUEUE, { connection, prefix, defaultJobOptions: killmailJobOptions });
  const enrichment = new Queue(ENRICHMENT_QUEUE, { connection, prefix, defaultJobOptions: enrichmentJobOptions });
  const webhooks = new Queue(WEBHOOK_QUEUE, { connection, prefix });
  const byName: Record<QueueName, Queue> = { [KILLMAIL_QUEUE]: killmails, [ENRICHMENT_QUEUE]: enrichment, [WEBHOOK_QUEUE]: webhooks };
  // A Queue's 'error' is its connection's, re-emitted once per reconnect attempt; with no listener BullMQ prints
  // each raw. `connectRedis` already reports an outage once, and a failed command still rejects its caller.
  for (const queue of [killmails, enrichment, webhooks]) queue.on("error", () => {});
  return {
    killmails,
    enrichment,
    webhooks,
    byName,
    async close() {
      await killmails.close();
      await enrichment.close();
      await webhooks.close();
    },
  };
}

export type Queues = ReturnType<typeof createQueues>;

/** Adds killmail jobs; resolves only once Redis has them, so a listener may then advance its cursor. */
export async function enqueueKillmails({ queue, jobs, priority }: {
  queue: Queue;
  jobs: KillmailJob[];
  priority: number;
}) {
  if (!jobs.length) return;
  const checked = jobs.map((job) => killmailJobSchema.parse(job));
  await queue.addBulk(
    checked.map((data) => ({ name: "killmail", data, opts: { jobId: killmailJobId(data.killmailId), priority } })),
  );
}

export const LIVE_PRIORITY = PRIORITY.HIGH;
export const BACKFILL_PRIORITY = PRIORITY.NORMAL;

/**
 * Asks for an enrichment sweep in the next window. One job per window (its id names the window), so a burst of
 * kills costs one batched sweep, never one request per pilot.
 */
export async function enqueueEnrichmentSweep({ queue, now = Date.now(), reason = "killmail" }: {
  queue: Queue;
  now?: number;
  reason?: string;
}) {
  const window = Math.floor(now / ENRICHMENT_DELAY_MS);
  await queue.add("sweep", enrichmentJobSchema.parse({ reason }), { jobId: `enrich-${window}`, priority: PRIORITY.LOW });
}

/** Adds webhook deliveries; resolves once Redis has them all, so the dispatcher may then advance its cursor. */
export async function enqueueWebhookDeliveries({ queue, jobs, retryBaseMs }: { queue: Queue; jobs: WebhookJob[]; retryBaseMs: number }) {
  if (!jobs.length) return;
  const opts = webhookJobOptions({ retryBaseMs });
  await queue.addBulk(jobs.map((job) => webhookJobSchema.parse(job)).map((data) => ({ name: "delivery", data, opts: { ...opts, jobId: webhookJobId(data) } })));
}
