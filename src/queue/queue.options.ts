/**
 * Default job options per queue. Completed killmail jobs are kept a while so a duplicate delivery of the same
 * `km-<id>` from another feed (seconds to minutes later) is dropped by BullMQ itself instead of costing an ESI
 * call. Not longer: Redis runs with noeviction and an R2Z2 job carries its whole ESI body (up to ~1 MB for a
 * big fight); later duplicates are caught by the listeners' `has` check and by killmail_ids anyway.
 */
import type { JobsOptions } from "bullmq";

const HOUR_S = 3_600;
export const KILLMAIL_JOB_ATTEMPTS = 10;
export const KILLMAIL_RETRY_BASE_DELAY_MS = 2_000;
/**
 * Share of each retry delay that is randomised (BullMQ draws it from [delay × (1 − jitter), delay]). Jobs that
 * failed together (one batch, one ESI error-limit window) would otherwise all come back in the same instant.
 */
export const RETRY_JITTER = 0.5;
export const ENRICHMENT_DELAY_MS = 5_000;

export const killmailJobOptions: JobsOptions = {
  attempts: KILLMAIL_JOB_ATTEMPTS,
  // At most 2 s, 4 s … 512 s (~9 to ~17 min in all): outlasts an ESI error-limit window and a short Redis or
  // Postgres restart.
  backoff: { type: "exponential", delay: KILLMAIL_RETRY_BASE_DELAY_MS, jitter: RETRY_JITTER },
  removeOnComplete: { age: HOUR_S, count: 10_000 },
  // Failed jobs keep their reason for the operator (`queue stats`, `queue retry`).
  removeOnFail: { age: 14 * 24 * HOUR_S },
};

/**
 * Webhook deliveries: 12 attempts at the default 5 s base is about 2.8 h of retries, enough to ride out a
 * receiver's outage. Completed jobs stay a day: their ids are what makes a re-enqueued batch a no-op.
 */
export const WEBHOOK_JOB_ATTEMPTS = 12;
export const webhookJobOptions = ({ retryBaseMs }: { retryBaseMs: number }): JobsOptions => ({
  attempts: WEBHOOK_JOB_ATTEMPTS,
  backoff: { type: "exponential", delay: retryBaseMs, jitter: RETRY_JITTER },
  removeOnComplete: { age: 24 * HOUR_S, count: 100_000 },
  removeOnFail: { age: 14 * 24 * HOUR_S },
});

export const enrichmentJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 10_000, jitter: RETRY_JITTER },
  delay: ENRICHMENT_DELAY_MS,
  removeOnComplete: { age: HOUR_S, count: 1_000 },
  removeOnFail: { age: 7 * 24 * HOUR_S },
};
