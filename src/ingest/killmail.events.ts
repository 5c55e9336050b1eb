/**
 * The `killmail` event, published after a killmail is stored: on a pub/sub channel for connected clients, and
 * on a capped stream whose entry ids let a live client that reconnects ask for everything after the last id it
 * saw (XRANGE (lastId +). The stream is trimmed approximately (MAXLEN ~) so trimming stays O(1) amortised.
 * The channel's message adds `streamId` and `publishedAt` (wall-clock ms with a fraction, performance.timeOrigin +
 * performance.now()), from which bench:ws measures delivery.
 */
import type { RedisClient } from "../redis/redis.client.ts";

/** Channel and stream names under a key prefix (QUEUE_PREFIX; "killboard" in production). */
export const killmailEventKeys = ({ prefix = "killboard" }: { prefix?: string } = {}) => ({
  channel: `${prefix}:events:killmail`,
  stream: `${prefix}:stream:killmail`,
});
export const KILLMAIL_EVENT_CHANNEL = killmailEventKeys().channel;
export const KILLMAIL_EVENT_STREAM = killmailEventKeys().stream;
export const KILLMAIL_EVENT_STREAM_MAXLEN = 10_000;

export type KillmailEvent = {
  event: "killmail";
  /** The live sequence number (migration 00012): what clients resume from; null only if it could not be read. */
  sequence: number | null;
  killmailId: number;
  hash: string | null;
  killmailTime: string;
  solarSystemId: number;
  source: string;
  storedAt: string;
};

export async function publishKillmailEvent({ redis, event, stream = KILLMAIL_EVENT_STREAM, channel = KILLMAIL_EVENT_CHANNEL }: {
  redis: RedisClient;
  event: KillmailEvent;
  stream?: string;
  channel?: string;
}) {
  const data = JSON.stringify(event);
  const streamId = await redis.xadd(stream, "MAXLEN", "~", KILLMAIL_EVENT_STREAM_MAXLEN, "*", "data", data);
  await redis.publish(channel, JSON.stringify({ ...event, streamId, publishedAt: performance.timeOrigin + performance.now() }));
  return { streamId };
}

/** Events after `afterId` (exclusive), oldest first: what a reconnecting client missed. */
export async function readKillmailEventsAfter({ redis, afterId, count = 1_000, stream = KILLMAIL_EVENT_STREAM }: {
  redis: RedisClient;
  afterId: string;
  count?: number;
  stream?: string;
}) {
  const entries = await redis.xrange(stream, `(${afterId}`, "+", "COUNT", count);
  return entries.map(([streamId, fields]) => ({ streamId, ...(JSON.parse(fields[1] ?? "{}") as KillmailEvent) }));
}
