/**
 * The `webhooks` queue's processor: one POST of one kill to one webhook. It throws rather than swallow, so BullMQ
 * does the retrying: a 5xx, timeout or network error fails the attempt (exponential backoff), any other 4xx is
 * UnrecoverableError (the request itself is wrong), and a 429 moves the job to delayed for exactly the wait Discord
 * names without spending an attempt. Every outcome lands in the webhook's delivery log first.
 */
import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import { createLiveRepository } from "../live/live.repository.ts";
import type { LiveRecord } from "../live/live.types.ts";
import { webhookJobId } from "../queue/queue.names.ts";
import { webhookJobSchema } from "../queue/queue.schemas.ts";
import { classifyResponse, maskUrl, scrubUrl, signBody } from "./webhook.models.ts";
import { createPayloadNamesReader } from "./webhook.names.ts";
import { buildDiscordPayload, buildJsonPayload } from "./webhook.payloads.ts";
import { createWebhookRepository } from "./webhook.repository.ts";
import type { DeliveryOutcome, Webhook } from "./webhook.types.ts";

/** Discord answers within a second; a receiver silent this long is down, and the attempt is retried. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

type DeliveryOptions = { sql: Sql; publicUrl: string; maxFailures: number; userAgent: string; logger: Logger; timeoutMs?: number };

async function post({ webhook, body, headers, timeoutMs }: { webhook: Webhook; body: string; headers: Record<string, string>; timeoutMs: number }): Promise<DeliveryOutcome> {
  try {
    const response = await fetch(webhook.url, { method: "POST", body, headers, signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
    const bodyText = await response.text().catch(() => "");
    return classifyResponse({ status: response.status, bodyText, headers: response.headers, now: Date.now() });
  } catch (error) {
    const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (error as Error).message;
    return { kind: "retry", status: null, reason: scrubUrl({ text: reason, url: webhook.url }) };
  }
}

/** Puts the job back as delayed, not failed: a wait the receiver asked for spends no attempt. */
async function waitUntil({ job, token, until }: { job: Job; token?: string; until: Date }): Promise<never> {
  await job.moveToDelayed(until.getTime(), token);
  throw new DelayedError();
}

export function createWebhookDeliveryProcessor({ sql, publicUrl, maxFailures, userAgent, logger, timeoutMs = WEBHOOK_TIMEOUT_MS }: DeliveryOptions) {
  const webhooks = createWebhookRepository({ sql });
  const live = createLiveRepository({ sql });
  const readNames = createPayloadNamesReader({ sql });

  async function buildRequest({ webhook, record }: { webhook: Webhook; record: LiveRecord }) {
    const body = webhook.format === "json" ? buildJsonPayload({ record }) : buildDiscordPayload({ record, names: await readNames({ record }), publicUrl });
    const headers: Record<string, string> = {
      "Content-Type": "application/json", "User-Agent": userAgent,
      "X-Killboard-Delivery": webhookJobId({ webhookId: webhook.id, sequence: record.sequence }),
      "X-Killboard-Sequence": String(record.sequence), "X-Killboard-Timestamp": String(Math.floor(Date.now() / 1000)),
    };
    if (webhook.secret) headers["X-Killboard-Signature"] = signBody({ secret: webhook.secret, body });
    return { body, headers };
  }

  async function settle({ job, token, webhook, sequence, outcome }: { job: Job; token?: string; webhook: Webhook; sequence: number; outcome: DeliveryOutcome }) {
    if (outcome.kind === "delivered") return webhooks.recordDelivered({ id: webhook.id, status: outcome.status, sequence });
    if (outcome.kind === "rate-limited") {
      const until = new Date(Date.now() + outcome.delayMs);
      await webhooks.recordRateLimited({ id: webhook.id, status: outcome.status, reason: `rate limited: retry after ${outcome.delayMs} ms`, until });
      return waitUntil({ job, token, until });
    }
    const { disabledNow } = await webhooks.recordFailed({ id: webhook.id, status: outcome.status, reason: outcome.reason, maxFailures });
    if (disabledNow) logger.warn(`webhook #${webhook.id} (${maskUrl(webhook.url)}) disabled after ${maxFailures} failed deliveries in a row: ${outcome.reason}`);
    throw outcome.kind === "permanent" ? new UnrecoverableError(outcome.reason) : new Error(outcome.reason);
  }

  return async function processWebhookDelivery(job: Job, token?: string) {
    const parsed = webhookJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`malformed webhook job: ${parsed.error.message}`);
    const { webhookId, sequence } = parsed.data;
    const webhook = await webhooks.findWebhook({ id: webhookId });
    // Removed or disabled since the kill was enqueued: nothing to send, nothing to retry.
    if (!webhook?.enabled) return { skipped: webhook ? "disabled" : "removed" };
    if (webhook.rateLimitedUntil && webhook.rateLimitedUntil.getTime() > Date.now()) return waitUntil({ job, token, until: webhook.rateLimitedUntil });
    const record = await live.readRecord({ sequence });
    if (!record) throw new UnrecoverableError(`sequence ${sequence} is no longer stored`);
    const outcome = await post({ webhook, ...(await buildRequest({ webhook, record })), timeoutMs });
    await settle({ job, token, webhook, sequence, outcome });
    return { status: outcome.status };
  };
}
