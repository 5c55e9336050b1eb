/**
 * Follows RedisQ. The queue position lives on zKillboard's side (per queueID, 3 h), so there is no cursor of
 * ours: a package is handed off before the next long-poll is sent, and a crash between receiving and handing
 * off loses that one package from RedisQ (R2Z2 or a backfill brings it back — RedisQ is a secondary feed).
 * Since 2025-12-01 packages carry only `killID` + `zkb`; the worker fetches the body from ESI.
 */
import { z } from "zod";
import type { Logger } from "../app/log.ts";
import { sleep } from "../app/time.ts";
import { backoffMs, createRejectionPositions, handOffWithRetry, type FeedEntry, type ListenerPort } from "./feed.listener.ts";
import type { RedisqAnswer, RedisqClient } from "./redisq.client.ts";
import { describeZodError } from "../app/zod.ts";

export const REDISQ_BACKOFF_BASE_MS = 1_000;
export const REDISQ_BACKOFF_MAX_MS = 60_000;
/** README: 2 requests/s per IP; never poll faster than this even when answers come back at once. */
export const REDISQ_MIN_INTERVAL_MS = 500;

const packageSchema = z.looseObject({
  killID: z.number().int().positive(),
  zkb: z.looseObject({ hash: z.string().regex(/^[0-9a-f]{40}$/i, "expected 40 hex characters") }),
  killmail: z.unknown().optional(),
});

export function toRedisqEntry({ json, now }: { json: unknown; now: Date }): { entry: FeedEntry } | { reason: string } {
  const parsed = packageSchema.safeParse(json);
  if (!parsed.success) return { reason: describeZodError(parsed.error) };
  const { killID, zkb, killmail } = parsed.data;
  return { entry: { killmailId: killID, hash: zkb.hash.toLowerCase(), ...(killmail === undefined ? {} : { esi: killmail }), zkb, source: "redisq", firstSeenAt: now } };
}

async function handleAnswer({ answer, port, logger, backoff, signal, nextPosition }: {
  answer: RedisqAnswer; port: ListenerPort; logger: Logger; backoff: () => number; signal: AbortSignal; nextPosition: () => string;
}) {
  if (answer.kind === "empty") return 0;
  if (answer.kind === "limited") return answer.retryAfterMs ?? backoff();
  if (answer.kind === "denied") return (logger.warn(`redisq answered 403: ${answer.message}`), backoff());
  if (answer.kind === "unavailable") return backoff();
  const parsed = toRedisqEntry({ json: answer.json, now: new Date() });
  const onRetry = (error: Error, waitMs: number) => logger.warn(`redisq hand-off failed: ${error.message}; retrying in ${waitMs} ms`);
  // Taken once, outside the retry: a hand-off retried after Redis took the job adds the same id, not a second job.
  const position = "reason" in parsed ? nextPosition() : "";
  await handOffWithRetry({
    signal, onRetry,
    async run() {
      if ("reason" in parsed) {
        logger.warn(`redisq package rejected: ${parsed.reason}`);
        await port.reject({ source: "redisq", position, reason: parsed.reason });
      } else if (!(await port.has(parsed.entry.killmailId))) await port.accept(parsed.entry);
    },
  });
  return 0;
}

export async function runRedisqListener({ client, port, logger, signal, backoffBaseMs = REDISQ_BACKOFF_BASE_MS, minIntervalMs = REDISQ_MIN_INTERVAL_MS }: {
  client: RedisqClient;
  port: ListenerPort;
  logger: Logger;
  signal: AbortSignal;
  backoffBaseMs?: number;
  minIntervalMs?: number;
}) {
  let failures = 0;
  const backoff = () => backoffMs({ failures: ++failures, baseMs: backoffBaseMs, maxMs: REDISQ_BACKOFF_MAX_MS });
  const nextPosition = createRejectionPositions();
  while (!signal.aborted) {
    const started = performance.now();
    let waitMs: number;
    try {
      waitMs = await handleAnswer({ answer: await client.listen({ signal }), port, logger, backoff, signal, nextPosition });
      if (waitMs === 0) failures = 0;
    } catch (error) {
      if (signal.aborted) break;
      waitMs = backoff();
      logger.warn(`redisq: ${(error as Error).message}; retrying in ${waitMs} ms`);
    }
    await sleep(Math.max(waitMs, minIntervalMs - (performance.now() - started)), signal);
  }
}
