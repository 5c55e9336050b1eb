/**
 * Replay then live, exactly once: records after `after` are read from PostgreSQL up to the subscription's
 * `since`, then taken from the hub, which holds every number after `since`. The hand-over can neither skip a
 * number (the hub has them all) nor repeat one (anything at or below the last one handed on is passed over).
 */
import type { LiveRepository } from "../live/live.repository.ts";
import type { LiveRecord } from "../live/live.types.ts";
import type { LiveHub } from "./feeds.hub.ts";

export const FOLLOW_REPLAY_BATCH = 500;

export type FollowEnd = "aborted" | "overflowed";

export async function followLive({ hub, repository, after, signal, onRecord, onOverflow }: {
  hub: LiveHub;
  repository: LiveRepository;
  /** Start after this number; undefined = only records stored from now on. */
  after?: number;
  signal: AbortSignal;
  /** Awaited before the next record: a slow client slows its own replay, and the hub cuts it off if it lags. */
  onRecord: (record: LiveRecord) => Promise<unknown>;
  /** Called the moment the hub cuts this follower off, so a write blocked on a stalled client can be aborted. */
  onOverflow?: () => void;
}): Promise<FollowEnd> {
  const subscription = await hub.subscribe({ onOverflow });
  try {
    // A number from the future (another board's, or before a restore) starts at the present.
    let last = Math.min(after ?? subscription.since, subscription.since);
    while (last < subscription.since && !signal.aborted && !subscription.overflowed) {
      const records = await repository.readRecordsAfter({ after: last, limit: Math.min(FOLLOW_REPLAY_BATCH, subscription.since - last) });
      if (!records.length) break;
      for (const record of records) {
        if (signal.aborted || subscription.overflowed) break;
        await onRecord(record);
        last = record.sequence;
      }
    }
    while (!signal.aborted && !subscription.overflowed) {
      for (const record of await subscription.take({ signal })) {
        if (signal.aborted || subscription.overflowed) break;
        if (record.sequence <= last) continue;
        await onRecord(record);
        last = record.sequence;
      }
    }
    return subscription.overflowed ? "overflowed" : "aborted";
  } finally {
    subscription.close();
  }
}
