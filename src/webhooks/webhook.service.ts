/** Webhooks inside `killboard work`: the delivery processor for the `webhooks` queue, and the dispatcher feeding it. */
import type { Queue } from "bullmq";
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import type { RedisClient } from "../redis/redis.client.ts";
import { createWebhookDeliveryProcessor } from "./webhook.delivery.ts";
import { startWebhookDispatcher } from "./webhook.dispatcher.ts";

/**
 * Deliveries at once per process. Discord limits each webhook to a few requests a second (429 beyond), so more
 * would only buy 429s; slow receivers still cannot hold up the others beyond this many.
 */
export const WEBHOOK_CONCURRENCY = 4;

export type WebhookSettings = { publicUrl: string; maxFailures: number; retryBaseMs: number; pollMs?: number; lockRetryMs?: number };

export function startWebhooks({ sql, events, queue, channel, userAgent, logger, settings }: {
  sql: Sql;
  /** The process's events connection; the dispatcher subscribes on duplicates of it. */
  events: RedisClient;
  queue: Queue;
  channel: string;
  userAgent: string;
  logger: Logger;
  settings: WebhookSettings | undefined;
}) {
  if (!settings) throw new Error("the webhooks queue needs webhook settings (publicUrl, maxFailures, retryBaseMs)");
  const process = createWebhookDeliveryProcessor({ sql, publicUrl: settings.publicUrl, maxFailures: settings.maxFailures, userAgent, logger });
  const dispatcher = startWebhookDispatcher({
    sql, queue, channel, logger, retryBaseMs: settings.retryBaseMs, pollMs: settings.pollMs, lockRetryMs: settings.lockRetryMs,
    createSubscriber() {
      // Outages are reported by the tail (its reads fail) and by `events` itself; without a listener ioredis prints each attempt.
      const subscriber = events.duplicate();
      subscriber.on("error", () => {});
      return subscriber;
    },
  });
  return { process, close: () => dispatcher.close() };
}
