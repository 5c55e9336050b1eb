/**
 * Follows the live sequence and enqueues one `webhooks` job per (enabled webhook, matching kill). Invariant: the
 * cursor in webhook_dispatch never passes a kill whose deliveries are not in Redis — it moves only after a batch's
 * jobs are added, and by compare-and-set, so a dispatcher that lost its place fails the batch instead of skipping.
 * One dispatcher runs however many `work` processes do (a PostgreSQL advisory lock; the others wait to take over),
 * and job ids `wh-<webhook>-<sequence>` make a batch enqueued twice (a crash between add and advance) one delivery.
 */
import type { Queue } from "bullmq";
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import { matchesLiveFilter } from "../live/live.filter.ts";
import { createLiveRepository } from "../live/live.repository.ts";
import { campaignLiveFilterSchema } from "../live/live.schemas.ts";
import { createLiveFilterResolver } from "../live/live.campaigns.ts";
import { startLiveTail, type LiveTail } from "../live/live.tail.ts";
import type { LiveFilter, LiveRecord } from "../live/live.types.ts";
import { enqueueWebhookDeliveries } from "../queue/queue.client.ts";
import type { WebhookJob } from "../queue/queue.schemas.ts";
import type { RedisClient } from "../redis/redis.client.ts";
import { createWebhookRepository, type DispatchLock } from "./webhook.repository.ts";
import type { Webhook } from "./webhook.types.ts";

/** How often a process without the lock tries to take it, and the holder checks it still has it. */
export const DISPATCH_LOCK_RETRY_MS = 5_000;

type DispatcherOptions = {
  sql: Sql;
  /** A fresh subscriber connection per tail (a subscribed connection can do nothing else); closed with it. */
  createSubscriber: () => RedisClient;
  channel: string;
  queue: Queue;
  retryBaseMs: number;
  logger: Logger;
  lockRetryMs?: number;
  pollMs?: number;
};

/** The (webhook, kill) pairs of a batch. A webhook only gets kills numbered after it was added or enabled. */
export function matchDeliveries({ records, webhooks, filterOf }: { records: LiveRecord[]; webhooks: Webhook[]; filterOf: (webhook: Webhook) => LiveFilter | null }): WebhookJob[] {
  return records.flatMap((record) => webhooks
    .filter((webhook) => {
      const filter = filterOf(webhook);
      return record.sequence > webhook.afterSequence && filter !== null && matchesLiveFilter({ filter, record });
    })
    .map((webhook) => ({ webhookId: webhook.id, sequence: record.sequence })));
}

export function startWebhookDispatcher(options: DispatcherOptions) {
  const { sql, queue, retryBaseMs, logger, lockRetryMs = DISPATCH_LOCK_RETRY_MS } = options;
  const webhooks = createWebhookRepository({ sql });
  const live = createLiveRepository({ sql });
  const resolveFilter = createLiveFilterResolver({ sql });
  const filters = new Map<string, LiveFilter>();
  /** Each webhook's filter, a campaign's read from PostgreSQL once; one not found (yet) matches nothing this batch. */
  async function readFilters(list: Webhook[]) {
    for (const webhook of list) {
      const key = JSON.stringify(webhook.filter);
      if (filters.has(key)) continue;
      const filter = await resolveFilter({ query: campaignLiveFilterSchema.parse(webhook.filter) });
      if (filter) filters.set(key, filter);
    }
    return (webhook: Webhook) => filters.get(JSON.stringify(webhook.filter)) ?? null;
  }
  let held: { lock: DispatchLock; tail: LiveTail; subscriber: RedisClient } | null = null;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function dispatch({ lock, records }: { lock: DispatchLock; records: LiveRecord[] }) {
    if (!(await lock.held())) throw new Error("webhook dispatch lock lost");
    const cursor = await webhooks.readDispatchCursor();
    const last = records.at(-1)!.sequence;
    if (cursor >= last) return;
    // Normally the tail starts at the cursor; should they differ, the cursor (what is in Redis) decides.
    const pending = cursor < records[0]!.sequence - 1 ? await live.readRecordsAfter({ after: cursor, limit: last - cursor }) : records.filter((record) => record.sequence > cursor);
    const enabled = await webhooks.listEnabledWebhooks();
    const jobs = matchDeliveries({ records: pending, webhooks: enabled, filterOf: await readFilters(enabled) });
    await enqueueWebhookDeliveries({ queue, jobs, retryBaseMs });
    if (!(await webhooks.advanceDispatchCursor({ from: cursor, to: last }))) throw new Error("webhook dispatch cursor moved by another dispatcher");
    if (jobs.length) logger.debug(`webhooks: ${jobs.length} deliveries for sequences ${cursor + 1}..${last}`);
  }

  async function release() {
    const current = held;
    held = null;
    if (!current) return;
    await current.tail.close();
    current.subscriber.disconnect();
    await current.lock.release();
  }

  async function takeLock() {
    const lock = await webhooks.tryDispatchLock();
    if (!lock) return;
    const subscriber = options.createSubscriber();
    try {
      const after = await webhooks.readDispatchCursor();
      const tail = await startLiveTail({ repository: live, subscriber, channel: options.channel, after, pollMs: options.pollMs, logger,
        onRecords: (records) => dispatch({ lock, records }) });
      held = { lock, tail, subscriber };
      logger.info(`webhook dispatcher running from sequence ${after}`);
    } catch (error) {
      subscriber.disconnect();
      await lock.release();
      throw error;
    }
  }

  // Takes the lock when free, and gives it up (to take it again later) when its session is gone.
  async function tick() {
    try {
      if (held && !(await held.lock.held())) {
        logger.warn("webhook dispatcher lost its lock; stepping down");
        await release();
      }
      if (!held && !stopped) await takeLock();
    } catch (error) {
      logger.warn(`webhook dispatcher: ${(error as Error).message} (retrying)`);
    } finally {
      if (!stopped) timer = setTimeout(() => void (ticking = tick()), lockRetryMs);
    }
  }
  let ticking = tick();

  return {
    /** Whether this process is the one dispatching (for tests and status). */
    isDispatching: () => held !== null,
    async close() {
      stopped = true;
      clearTimeout(timer);
      await ticking;
      await release();
    },
  };
}
export type WebhookDispatcher = ReturnType<typeof startWebhookDispatcher>;
