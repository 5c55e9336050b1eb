/**
 * One live tail per serve process, fanned out to every open stream. Invariant: a subscription receives, in
 * order, every record numbered after its `since` (the last number fanned out when it subscribed), so a reader
 * that replays up to `since` from PostgreSQL and then takes from here misses and repeats nothing. A subscriber
 * that falls `maxBuffered` records behind is cut off (its `overflowed` flag, its `onOverflow`), never waited for.
 */
import type { LiveRecord } from "../live/live.types.ts";

/** About an hour of a busy day's kills: room for a replay to finish while live ones queue up behind it. */
export const LIVE_HUB_MAX_BUFFERED = 1_000;

export type StartTail = (options: { onRecords: (records: LiveRecord[]) => void }) => Promise<{ head: () => number; close: () => Promise<void> }>;

export type LiveSubscription = {
  /** Every record after this number arrives through `take`. */
  since: number;
  /** The records queued since the last call; waits for at least one until `signal` aborts (then []). */
  take: (options: { signal: AbortSignal }) => Promise<LiveRecord[]>;
  readonly overflowed: boolean;
  close: () => void;
};

type Subscriber = { queue: LiveRecord[]; overflowed: boolean; wake: () => void; onOverflow: () => void };

export function createLiveHub({ startTail, maxBuffered = LIVE_HUB_MAX_BUFFERED }: { startTail: StartTail; maxBuffered?: number }) {
  const subscribers = new Set<Subscriber>();
  let delivered = 0;
  let tail: Awaited<ReturnType<StartTail>> | null = null;
  let starting: Promise<void> | null = null;

  function fanOut(records: LiveRecord[]) {
    delivered = records.at(-1)?.sequence ?? delivered;
    for (const subscriber of subscribers) {
      subscriber.queue.push(...records);
      if (subscriber.queue.length > maxBuffered) {
        subscriber.overflowed = true;
        subscriber.queue = [];
        subscribers.delete(subscriber);
        subscriber.onOverflow();
      }
      subscriber.wake();
    }
  }

  // Lazily, once: a serve process nobody streams from holds no subscriber connection busy.
  function ensureStarted() {
    starting ??= startTail({ onRecords: fanOut }).then((started) => {
      tail = started;
      delivered = started.head();
    }, (error: unknown) => {
      starting = null;
      throw error;
    });
    return starting;
  }

  function waitForRecords(subscriber: Subscriber, signal: AbortSignal) {
    return new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener("abort", done);
        subscriber.wake = () => {};
        resolve();
      };
      subscriber.wake = done;
      signal.addEventListener("abort", done, { once: true });
      if (signal.aborted || subscriber.queue.length || subscriber.overflowed) done();
    });
  }

  return {
    async subscribe({ onOverflow = () => {} }: { onOverflow?: () => void } = {}): Promise<LiveSubscription> {
      await ensureStarted();
      const subscriber: Subscriber = { queue: [], overflowed: false, wake: () => {}, onOverflow };
      subscribers.add(subscriber);
      return {
        since: delivered,
        get overflowed() {
          return subscriber.overflowed;
        },
        async take({ signal }) {
          if (!subscriber.queue.length) await waitForRecords(subscriber, signal);
          const taken = subscriber.queue;
          subscriber.queue = [];
          return taken;
        },
        close: () => void subscribers.delete(subscriber),
      };
    },
    /** Open subscriptions (EVE-KILL's `/feed/status` `clients`). */
    count: () => subscribers.size,
    async close() {
      await starting?.catch(() => {});
      await tail?.close();
      subscribers.clear();
    },
  };
}
export type LiveHub = ReturnType<typeof createLiveHub>;
