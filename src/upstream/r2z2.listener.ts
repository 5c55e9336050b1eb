/**
 * Follows R2Z2's sequence. Invariant: the cursor never advances past an entry that was not handed off — the
 * reader (r2z2.reader.ts) fetches ahead, each sequence once, and the hand-off takes the fetched entries in
 * sequence order, accepts (or rejects with a reason) each one, and only then saves the cursor at the last; a
 * crash in between replays at most what was fetched ahead, which the job id and the killmail_ids key make
 * harmless. A failed hand-off is retried from the entries already fetched, never by fetching them again.
 * Resumes right after the saved cursor; with no cursor, starts at `fromSequence` or at the advertised head.
 */
import type { Logger } from "../app/log.ts";
import { sleep } from "../app/time.ts";
import { createChanges } from "./changes.ts";
import { backoffMs, type ListenerPort } from "./feed.listener.ts";
import type { R2z2Client } from "./r2z2.client.ts";
import { runR2z2HandOff } from "./r2z2.handoff.ts";
import { createR2z2Reader, type ReadState } from "./r2z2.reader.ts";

export { toR2z2Entry } from "./r2z2.handoff.ts";

/** zKillboard's own poller sleeps 6 s on a miss (cron/1.r2z2.php); a kill happens every ~5.5 s on average. */
export const R2Z2_WAIT_ON_404_MS = 6_000;
export const R2Z2_BACKOFF_BASE_MS = 1_000;
export const R2Z2_BACKOFF_MAX_MS = 60_000;
/** Shrike treats 403 as a User-Agent problem: retrying fast will not fix it. */
export const R2Z2_WAIT_ON_403_MS = 60_000;
/** Requests out at once, most of them waiting for their turn in the pacer: keeps it busy when R2Z2 answers slowly. */
export const R2Z2_MAX_IN_FLIGHT = 16;
/** Entries fetched ahead of the cursor at most: what a restart may fetch again. */
export const R2Z2_MAX_AHEAD = 64;
/** After this many 404s in a row on one sequence, compare it with the advertised head. */
const MISSES_BEFORE_HEAD_CHECK = 10;
/** sequence.json lags the head by up to 51 (UPSTREAMS a.4); a head further ahead than this means a hole. */
const HEAD_AHEAD_MARGIN = 200;

/**
 * Ephemeral files last hours. A running listener never skips a sequence on its own: one that misses while the
 * head is far ahead may still be an upload that comes late, so this only says so, loudly. A restart checks at
 * start whether it expired for good (skipExpired below).
 */
function createHoleWatch({ client, logger, signal }: { client: R2z2Client; logger: Logger; signal: AbortSignal }) {
  let misses = 0;
  return {
    reset: () => void (misses = 0),
    async onMissing(sequence: number) {
      if (++misses % MISSES_BEFORE_HEAD_CHECK !== 0) return;
      const head = await client.fetchHeadSequence({ signal }).catch(() => null);
      if (head !== null && head > sequence + HEAD_AHEAD_MARGIN) {
        logger.warn(`r2z2 sequence ${sequence} is missing while the head is at ${head}: it probably expired. Restart the listener to move past expired sequences; the cron reconcile job fills them from zKillboard's history.`);
      }
    },
  };
}

/**
 * A listener that was away longer than R2Z2 keeps its files comes back to a cursor whose sequences no longer
 * exist: the saved one misses while the head is far ahead. Only then does it move past them, to the oldest sequence
 * still served (found by bisection, a few requests), and says which it skipped: those kills are not on this feed
 * any more, and the cron `reconcile` job queues them from zKillboard's daily history instead.
 */
async function skipExpired({ client, start, logger, signal }: { client: R2z2Client; start: number; logger: Logger; signal: AbortSignal }) {
  const head = await client.fetchHeadSequence({ signal });
  if (head - start <= HEAD_AHEAD_MARGIN || (await client.fetchSequence({ sequence: start, signal })).kind !== "missing") return start;
  let missing = start;
  let present = head;
  while (present - missing > 1) {
    const middle = Math.floor((missing + present) / 2);
    const answer = await client.fetchSequence({ sequence: middle, signal });
    if (answer.kind === "entry") present = middle;
    else if (answer.kind === "missing") missing = middle;
    else throw new Error(`r2z2 sequence ${middle}: ${answer.kind} while looking for the oldest sequence still served`);
  }
  logger.warn(`r2z2 sequences ${start}..${present - 1} expired while this listener was away; continuing at ${present}. ` +
    "The cron reconcile job queues their kills from zKillboard's history (or run: killboard cron run reconcile).");
  return present;
}

async function startSequence({ client, port, fromSequence, resetCursor, logger, signal }: {
  client: R2z2Client; port: ListenerPort; fromSequence?: number; resetCursor?: boolean; logger: Logger; signal: AbortSignal;
}) {
  const saved = resetCursor ? null : await port.cursor();
  if (saved !== null) return skipExpired({ client, start: Number(saved) + 1, logger, signal });
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
  maxInFlight?: number;
  /** Ignore the saved cursor (after a hole): start at `fromSequence` or the head. */
  resetCursor?: boolean;
};

function createBackoff({ baseMs }: { baseMs: number }) {
  let failures = 0;
  return { next: () => backoffMs({ failures: ++failures, baseMs, maxMs: R2Z2_BACKOFF_MAX_MS }), reset: () => void (failures = 0) };
}

/** The first sequence to read; retried (R2Z2 or the database may be down at start) until `signal` aborts. */
async function resolveStart({ client, port, logger, signal, fromSequence, resetCursor, backoffBaseMs }: Options & { backoffBaseMs: number }) {
  const backoff = createBackoff({ baseMs: backoffBaseMs });
  while (!signal.aborted) {
    try {
      return await startSequence({ client, port, fromSequence, resetCursor, logger, signal });
    } catch (error) {
      if (signal.aborted) break;
      const waitMs = backoff.next();
      logger.warn(`r2z2 start: ${(error as Error).message}; retrying in ${waitMs} ms`);
      await sleep(waitMs, signal);
    }
  }
  return null;
}

export async function runR2z2Listener(options: Options) {
  const { client, port, logger, signal, waitOn404Ms = R2Z2_WAIT_ON_404_MS, backoffBaseMs = R2Z2_BACKOFF_BASE_MS, maxInFlight = R2Z2_MAX_IN_FLIGHT } = options;
  const start = await resolveStart({ ...options, backoffBaseMs });
  if (start === null) return;
  const state: ReadState = { ready: new Map(), handedThrough: start - 1 };
  const changes = createChanges();
  const reader = createR2z2Reader({
    client, state, changes, logger, signal, waitOn404Ms, maxInFlight, maxAhead: R2Z2_MAX_AHEAD, waitOn403Ms: R2Z2_WAIT_ON_403_MS,
    backoff: createBackoff({ baseMs: backoffBaseMs }), holes: createHoleWatch({ client, logger, signal }),
  });
  await Promise.all([reader.run(), runR2z2HandOff({ state, changes, port, logger, signal, backoff: createBackoff({ baseMs: backoffBaseMs }) })]);
}
