/**
 * Keeps requests under a provider's "N requests per second" cap, counted in a sliding window (R2Z2 per IP; the
 * emulator's limiter is one): a second holding N + 1 requests, as the provider saw them, gets a 429.
 * Spacing requests evenly on our clock is not enough: the provider stamps a request when it handles it, and a
 * request delayed on its way (or by a provider busy for 100 ms) lands closer to the next ones. What we do know
 * is that the provider handled a request before we got its answer. So a request may leave only once the one
 * N grants back has been answered for a whole window: the provider then sees the two more than a window apart,
 * however late it handled the first. Between those bounds, grants are spread evenly, planned from the previous
 * plan rather than from when a timer fired (a late timer is not a slower rate).
 * A 429 or Retry-After pauses every later grant, as the provider counts all of them in the same window.
 */
import { sleep as realSleep } from "../app/time.ts";

/** Grants are spaced 1% under the cap; the answered-window rule, not this margin, is what prevents 429s. */
export const PACER_MARGIN = 0.01;
/** Providers stamp whole milliseconds (Date.now): keep clear of a rounding at the window's edge. */
const STAMP_SLACK_MS = 2;

type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
type Grant = { answeredAt: number | null; answered: Promise<void>; markAnswered: () => void };

function createGrant(now: () => number): Grant {
  let resolve = () => {};
  const grant: Grant = { answeredAt: null, answered: new Promise<void>((done) => (resolve = done)), markAnswered: () => {} };
  grant.markAnswered = () => {
    grant.answeredAt ??= now();
    resolve();
  };
  return grant;
}

const either = (a?: AbortSignal, b?: AbortSignal) => (a && b ? AbortSignal.any([a, b]) : (a ?? b));

async function untilAnswered({ grant, stop }: { grant: Grant; stop?: AbortSignal }) {
  if (!stop) return grant.answered;
  let onAbort = () => {};
  const aborted = new Promise<void>((resolve) => {
    onAbort = () => resolve();
    stop.addEventListener("abort", onAbort, { once: true });
  });
  await Promise.race([grant.answered, aborted]);
  stop.removeEventListener("abort", onAbort);
}

export function createRequestPacer({ maxPerS, windowMs = 1000, margin = PACER_MARGIN, now = () => performance.now(), sleep = realSleep }: {
  maxPerS: number;
  windowMs?: number;
  margin?: number;
  now?: () => number;
  sleep?: Sleep;
}) {
  const spacingMs = (windowMs * (1 + margin)) / maxPerS;
  // The last `maxPerS` grants; the slot about to be overwritten holds the one `maxPerS` back.
  const recent: (Grant | undefined)[] = new Array(maxPerS);
  let granted = 0;
  let planned = Number.NEGATIVE_INFINITY;
  let pausedUntil = 0;
  let turns: Promise<unknown> = Promise.resolve();

  async function waitTurn({ stop }: { stop?: AbortSignal }): Promise<Grant | null> {
    const previous = planned;
    planned = Math.max(planned + spacingMs, now());
    for (;;) {
      if (stop?.aborted) {
        planned = previous;
        return null;
      }
      const oldest = recent[granted % maxPerS];
      if (oldest && oldest.answeredAt === null) {
        await untilAnswered({ grant: oldest, stop });
        continue;
      }
      // The plan moves with a pause or the answered-window rule, never with a late timer.
      planned = Math.max(planned, pausedUntil, oldest ? oldest.answeredAt! + windowMs + STAMP_SLACK_MS : 0);
      const waitMs = planned - now();
      if (waitMs <= 0) break;
      await sleep(waitMs, stop);
    }
    const grant = createGrant(now);
    recent[granted++ % maxPerS] = grant;
    return grant;
  }

  return {
    /**
     * Resolves once a request may be sent, in call order. Call `answered` as soon as its answer (or failure)
     * arrived: later grants wait on it. `withdraw` (or `signal`) aborted before the turn came resolves
     * `granted: false`: nothing may be sent.
     */
    async take({ signal, withdraw }: { signal?: AbortSignal; withdraw?: AbortSignal } = {}) {
      const turn = turns.then(() => waitTurn({ stop: either(signal, withdraw) }));
      turns = turn;
      const grant = await turn;
      return { granted: grant !== null, answered: grant ? grant.markAnswered : () => {} };
    },
    /** No grant before `ms` from now (a 429, Retry-After). */
    pause: (ms: number) => void (pausedUntil = Math.max(pausedUntil, now() + ms)),
  };
}

export type RequestPacer = ReturnType<typeof createRequestPacer>;
