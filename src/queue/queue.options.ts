/** Default job options per queue. Completed killmail jobs are kept for a day so a late duplicate delivery of
 * the same `km-<id>` from another feed is dropped by BullMQ itself instead of costing an ESI call. */
import type { JobsOptions } from "bullmq";

const HOUR_S = 3_600;
export const KILLMAIL_JOB_ATTEMPTS = 10;
export const KILLMAIL_RETRY_BASE_DELAY_MS = 2_000;
export const ENRICHMENT_DELAY_MS = 5_000;

export const killmailJobOptions: JobsOptions = {
  attempts: KILLMAIL_JOB_ATTEMPTS,
  // 2 s, 4 s … ~17 min: outlasts an ESI error-limit window and a short Redis or Postgres restart.
  backoff: { type: "exponential", delay: KILLMAIL_RETRY_BASE_DELAY_MS },
  removeOnComplete: { age: 24 * HOUR_S, count: 500_000 },
  // Failed jobs keep their reason for the operator (`queue stats`, `queue retry`).
  removeOnFail: { age: 14 * 24 * HOUR_S },
};

export const enrichmentJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 10_000 },
  delay: ENRICHMENT_DELAY_MS,
  removeOnComplete: { age: HOUR_S, count: 1_000 },
  removeOnFail: { age: 7 * 24 * HOUR_S },
};
