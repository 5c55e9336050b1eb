/**
 * Follows R2Z2's sequence. Invariant: the cursor never advances past an entry that was not handed off — a window
 * of consecutive sequences is fetched, every entry of its published prefix is accepted (or rejected with a
 * reason), and only then is the cursor saved at the prefix's last sequence; a crash in between replays at most
 * that window, which the job id and the killmail_ids key make harmless. Resumes right after the saved cursor;
 * with no cursor, starts at `fromSequence` or at the advertised head.
 * The window grows while a backlog is being read and falls back to one sequence once caught up, so a live
 * listener sends one request per poll and stays well under the 20 req/s cap.
 */
import type { Logger } from "../app/log.ts";
import { sleep } from "../app/time.ts";
import { backoffMs, feedEnvelopeSchema, type FeedEntry, type ListenerPort } from "./feed.listener.ts";
import type { R2z2Answer, R2z2Client } from "./r2z2.client.ts";
import { describeZodError } from "../app/zod.ts";

/** zKillboard's own poller sleeps 6 s on a miss (cron/1.r2z2.php); a kill happens every ~5.5 s on average. */
export const R2Z2_WAIT_ON_404_MS = 6_000;
export const R2Z2_BACKOFF_BASE_MS = 1_000;
export const R2Z2_BACKOFF_MAX_MS = 60_000;
/** Shrike treats 403 as a User-Agent problem: retrying fast will not fix it. */
export const R2Z2_WAIT_ON_403_MS = 60_000;
/** Most sequences fetched ahead at once while catching up (one window per cursor write). */
export const R2Z2_MAX_WINDOW = 32;
/** After this many 404s in a row on one sequence, compare it with the advertised head. */
const MISSES_BEFORE_HEAD_CHECK = 10;
/** sequence.json lags the head by up to 51 (UPSTREAMS a.4); a head further ahead than this means a hole. */
const HEAD_AHEAD_MARGIN = 200;

/**
 * Ephemeral files last hours: a listener stopped longer than that waits on a sequence that will never come
 * back. The cursor must not skip it on its own (the kills would be lost silently), so this says so, loudly.
 */
function createHoleWatch({ client, logger, signal }: { client: R2z2Client; logger: Logger; signal: AbortSignal }) {
  let misses = 0;
  return {
    reset: () => void (misses = 0),
    async onMissing(sequence: number) {
      if (++misses % MISSES_BEFORE_HEAD_CHECK !== 0) return;
      const head = await client.fetchHeadSequence({ signal }).catch(() => null);
      if (head !== null && head > sequence + HEAD_AHEAD_MARGIN) {
        logger.warn(`r2z2 sequence ${sequence} is missing while the head is at ${head}: it probably expired. Backfill the gap (killboard backfill zkillboard) and restart with --reset-cursor.`);
      }
    },
  };
}

export function toR2z2Entry({ json, now }: { json: unknown; now: Date }): { entry: FeedEntry } | { reason: string } {
  const envelope = feedEnvelopeSchema.safeParse(json);
  if (!envelope.success) return { reason: describeZodError(envelope.error) };
  const { killmail_id, hash, esi, zkb } = envelope.data as { killmail_id: number; hash: string; esi?: unknown; zkb?: unknown };
  if (esi === undefined) return { reason: "esi: missing (R2Z2 records embed the ESI killmail)" };
  return { entry: { killmailId: killmail_id, hash: hash.toLowerCase(), esi, ...(zkb === undefined ? {} : { zkb }), source: "r2z2", firstSeenAt: now } };
}

async function startSequence({ client, port, fromSequence, resetCursor, signal }: { client: R2z2Client; port: ListenerPort; fromSequence?: number; resetCursor?: boolean; signal: AbortSignal }) {
  const saved = resetCursor ? null : await port.cursor();
  if (saved !== null) return Number(saved) + 1;
  if (fromSequence !== undefined) return fromSequence;
  return client.fetchHeadSequence({ signal });
}

type Options = {
  client: R2z2Client;
  port: ListenerPort;
  logger: Logger;
  signal: AbortSignal;
  fromSequence?: number;
  waitOn404Ms?: number;
  backoffBaseMs?: number;
  maxWindow?: number;
  /** Ignore the saved cursor (after a hole): start at `fromSequence` or the head. */
  resetCursor?: boolean;
};

export async function runR2z2Listener({ client, port, logger, signal, fromSequence, resetCursor, waitOn404Ms = R2Z2_WAIT_ON_404_MS, backoffBaseMs = R2Z2_BACKOFF_BASE_MS, maxWindow = R2Z2_MAX_WINDOW }: Options) {
  let next: number | null = null;
  let failures = 0;
  let window = 1;
  const backoff = () => backoffMs({ failures: ++failures, baseMs: backoffBaseMs, maxMs: R2Z2_BACKOFF_MAX_MS });
  const holes = createHoleWatch({ client, logger, signal });
  while (!signal.aborted) {
    try {
      next ??= await startSequence({ client, port, fromSequence, resetCursor, signal });
      const from: number = next;
      const answers = await Promise.all(Array.from({ length: window }, (_, i) => client.fetchSequence({ sequence: from + i, signal })));
      const published = answers.findIndex((answer) => answer.kind !== "entry");
      const count = published === -1 ? answers.length : published;
      if (count > 0) {
        await handOffWindow({ answers: answers.slice(0, count), from, port, logger });
        next = from + count;
        failures = 0;
        holes.reset();
        window = count === window ? Math.min(maxWindow, window * 2) : Math.max(1, count);
      } else {
        window = 1;
        if (answers[0]!.kind === "missing") await holes.onMissing(from);
        await sleep(waitFor({ answer: answers[0]!, logger, waitOn404Ms, backoff }), signal);
      }
    } catch (error) {
      if (signal.aborted) break;
      window = 1;
      const waitMs = backoff();
      logger.warn(`r2z2 sequence ${next ?? "?"}: ${(error as Error).message}; retrying in ${waitMs} ms`);
      await sleep(waitMs, signal);
    }
  }
}

function waitFor({ answer, logger, waitOn404Ms, backoff }: { answer: R2z2Answer; logger: Logger; waitOn404Ms: number; backoff: () => number }) {
  if (answer.kind === "missing") return waitOn404Ms;
  if (answer.kind === "limited") return answer.retryAfterMs ?? backoff();
  if (answer.kind === "denied") return (logger.warn("r2z2 answered 403: check ESI_USER_AGENT"), R2Z2_WAIT_ON_403_MS);
  return backoff();
}

/** Hands off every entry of a window of consecutive published sequences, then saves the cursor at its end. */
async function handOffWindow({ answers, from, port, logger }: { answers: R2z2Answer[]; from: number; port: ListenerPort; logger: Logger }) {
  const now = new Date();
  await Promise.all(answers.map(async (answer, i) => {
    const sequence = from + i;
    const parsed = toR2z2Entry({ json: (answer as { json: unknown }).json, now });
    if ("reason" in parsed) {
      logger.warn(`r2z2 sequence ${sequence} rejected: ${parsed.reason}`);
      await port.reject({ source: "r2z2", position: String(sequence), reason: parsed.reason });
    } else if (!(await port.has(parsed.entry.killmailId))) {
      await port.accept(parsed.entry);
    }
  }));
  await port.saveCursor(String(from + answers.length - 1));
}
