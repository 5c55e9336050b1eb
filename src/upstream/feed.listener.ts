/**
 * What every feed listener hands off, and the narrow port it hands it through. Listeners know nothing of
 * queues or databases: `accept` resolves only once the entry is durably handed off (enqueued), and only then
 * may a listener move its cursor (`saveCursor`). `reject` records an entry that cannot become a killmail.
 */
import { z } from "zod";

export type FeedSource = "r2z2" | "redisq" | "ekws";

export type FeedEntry = {
  killmailId: number;
  hash: string | null;
  /** The ESI body when the feed carried one; without it the worker fetches it from ESI. */
  esi?: unknown;
  zkb?: unknown;
  source: FeedSource;
  firstSeenAt: Date;
};

export type FeedRejection = { source: FeedSource; position: string; reason: string };

/**
 * Positions for rejections from feeds that have no sequence of their own (RedisQ, WebSockets). The position names
 * the rejection's job (`rejected-<source>-<position>`) and BullMQ drops an add whose id exists, so it must never
 * repeat: the time alone does within one millisecond, the counter does not within a process, and the random
 * suffix keeps two listener processes (or a restarted one) apart.
 */
export function createRejectionPositions({ now = Date.now, random = Math.random }: { now?: () => number; random?: () => number } = {}) {
  let counter = 0;
  return () => `${now()}-${++counter}-${Math.floor(random() * 36 ** 6).toString(36).padStart(6, "0")}`;
}

export type ListenerPort = {
  cursor: () => Promise<string | null>;
  saveCursor: (cursor: string) => Promise<void>;
  has: (killmailId: number) => Promise<boolean>;
  /** Resolves "outside-board" when BOARD_ENTITIES dropped the entry instead (still handled: the cursor moves on). */
  accept: (entry: FeedEntry) => Promise<void | "outside-board">;
  reject: (rejection: FeedRejection) => Promise<void>;
};

const hashSchema = z.string().regex(/^[0-9a-f]{40}$/i, "expected 40 hex characters");

/** The id/hash envelope every zKillboard-style record shares; the body itself is validated by the worker. */
export const feedEnvelopeSchema = z.looseObject({ killmail_id: z.number().int().positive(), hash: hashSchema });


/** Backoff with full jitter: the wait grows 2× per failure up to `maxMs`, randomised so clients spread out. */
export function backoffMs({ failures, baseMs, maxMs, random = Math.random }: { failures: number; baseMs: number; maxMs: number; random?: () => number }) {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * For feeds that never re-deliver (RedisQ, WebSockets): keeps retrying a hand-off (e.g. while Redis is down)
 * instead of dropping the entry. Gives up only when the listener is stopping.
 */
export async function handOffWithRetry({ run, signal, onRetry, baseMs = 500, maxMs = 30_000 }: {
  run: () => Promise<void>;
  signal: AbortSignal;
  onRetry: (error: Error, waitMs: number) => void;
  baseMs?: number;
  maxMs?: number;
}) {
  for (let failures = 1; ; failures++) {
    try {
      return await run();
    } catch (error) {
      if (signal.aborted) throw error;
      const waitMs = backoffMs({ failures, baseMs, maxMs });
      onRetry(error as Error, waitMs);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
