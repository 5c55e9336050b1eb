import { expect, test } from "bun:test";
import { Backoffs, type BackoffOptions } from "bullmq";
import { enrichmentJobOptions, KILLMAIL_RETRY_BASE_DELAY_MS, killmailJobOptions } from "./queue.options.ts";

const delaysOf = ({ backoff, attemptsMade }: { backoff: BackoffOptions; attemptsMade: number }) =>
  Array.from({ length: 200 }, () => Backoffs.calculate(backoff, attemptsMade, new Error("x"), undefined as never) as number);

test("killmail retries spread out: the third retry waits a random time between half and all of 8 s", () => {
  const delays = delaysOf({ backoff: killmailJobOptions.backoff as BackoffOptions, attemptsMade: 3 });
  const ceiling = KILLMAIL_RETRY_BASE_DELAY_MS * 4;
  expect(delays.every((delay) => delay >= ceiling / 2 && delay <= ceiling)).toBe(true);
  expect(new Set(delays).size).toBeGreaterThan(50);
});

test("enrichment retries are jittered too", () => {
  expect(new Set(delaysOf({ backoff: enrichmentJobOptions.backoff as BackoffOptions, attemptsMade: 2 })).size).toBeGreaterThan(50);
});
