/**
 * Reads R2Z2 ahead of the hand-off. A sequence is asked until it answers with an entry and never after: the
 * entry waits in `ready` until the hand-off takes it. Only a 404 (not published yet), a 429 and a failure put a
 * sequence back to be asked again. Requests leave in sequence order, at most `depth` at a time: depth grows by
 * one per entry, so a backlog keeps the pacer busy even when R2Z2 is far away, and falls to one at the head,
 * where a 404 withdraws the requests queued behind it before they are sent and holds the next ask for
 * `waitOn404Ms` — a caught-up listener sends one request per poll.
 */
import type { Logger } from "../app/log.ts";
import type { R2z2Answer, R2z2Client } from "./r2z2.client.ts";
import type { Changes } from "./changes.ts";

/** Shared with the hand-off: entries fetched and not yet under the cursor, and the cursor itself. */
export type ReadState = { ready: Map<number, unknown>; handedThrough: number };

type Outcome = R2z2Answer | { kind: "failed"; message: string };

export type ReaderOptions = {
  client: R2z2Client;
  state: ReadState;
  changes: Changes;
  logger: Logger;
  signal: AbortSignal;
  waitOn404Ms: number;
  /** Wait after a failure, growing with each one in a row (`reset` after an entry). */
  backoff: { next: () => number; reset: () => void };
  /** Told of every lone 404 at the head and of every entry: it warns when a sequence looks expired for good. */
  holes: { onMissing: (sequence: number) => Promise<void>; reset: () => void };
  maxInFlight: number;
  maxAhead: number;
  waitOn403Ms: number;
};

export function createR2z2Reader(options: ReaderOptions) {
  const { client, state, changes, signal } = options;
  const again: number[] = [];
  const inFlight = new Map<number, { withdraw: AbortController; done: Promise<void> }>();
  let next = state.handedThrough + 1;
  let depth = 1;
  let holdUntil = 0;

  const hold = (ms: number) => void (holdUntil = Math.max(holdUntil, performance.now() + ms));

  /**
   * The next sequence to ask, or how long to wait: a hold's remaining time, read at the same instant as the
   * decision (read later, a hold that just ended would leave no timer and nothing in flight to wake the loop),
   * or undefined to wait for a request to settle or the hand-off to move.
   */
  function claim(): { sequence: number } | { waitMs: number | undefined } {
    const holdMs = holdUntil - performance.now();
    if (holdMs > 0) return { waitMs: holdMs };
    if (inFlight.size >= depth) return { waitMs: undefined };
    const sequence = again[0] ?? next;
    if (sequence - state.handedThrough > options.maxAhead) return { waitMs: undefined };
    if (again.length) again.shift();
    else next++;
    return { sequence };
  }

  function askAgain(sequence: number) {
    const at = again.findIndex((other) => other > sequence);
    again.splice(at === -1 ? again.length : at, 0, sequence);
  }

  function settle({ sequence, outcome }: { sequence: number; outcome: Outcome }) {
    inFlight.delete(sequence);
    changes.notify();
    if (outcome.kind === "entry") {
      state.ready.set(sequence, outcome.json);
      depth = Math.min(options.maxInFlight, depth + 1);
      options.backoff.reset();
      return options.holes.reset();
    }
    askAgain(sequence);
    // A 429 has already paused the client; a withdrawn request was never sent.
    if (outcome.kind === "limited" || outcome.kind === "withdrawn" || signal.aborted) return;
    if (outcome.kind === "missing") return reachHead(sequence);
    depth = 1;
    hold(waitAfter({ outcome, sequence }));
  }

  function reachHead(sequence: number) {
    // Only a lone poll that misses counts towards a hole: the misses of a burst behind the head do not.
    if (depth === 1) void options.holes.onMissing(sequence);
    depth = 1;
    for (const [other, request] of inFlight) if (other > sequence) request.withdraw.abort();
    hold(options.waitOn404Ms);
  }

  function waitAfter({ outcome, sequence }: { outcome: Outcome; sequence: number }) {
    if (outcome.kind === "denied") {
      options.logger.warn("r2z2 answered 403: check ESI_USER_AGENT");
      return options.waitOn403Ms;
    }
    const waitMs = options.backoff.next();
    const reason = "status" in outcome ? `HTTP ${outcome.status}` : "message" in outcome ? outcome.message : outcome.kind;
    options.logger.warn(`r2z2 sequence ${sequence}: ${reason}; retrying in ${waitMs} ms`);
    return waitMs;
  }

  function launch(sequence: number) {
    const withdraw = new AbortController();
    const done = client
      .fetchSequence({ sequence, signal, withdraw: withdraw.signal })
      .catch((error: Error): Outcome => ({ kind: "failed", message: error.message }))
      .then((outcome) => settle({ sequence, outcome }));
    inFlight.set(sequence, { withdraw, done });
  }

  return {
    /** Reads until `signal` aborts, then waits for the requests it started. */
    async run() {
      while (!signal.aborted) {
        const claimed = claim();
        if ("sequence" in claimed) launch(claimed.sequence);
        else await changes.wait({ signal, timeoutMs: claimed.waitMs });
      }
      await Promise.all([...inFlight.values()].map((request) => request.done));
    },
  };
}
