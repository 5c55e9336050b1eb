/** Builds the feeds' dependencies from open connections; the live tail itself starts on the first stream. */
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import { createLiveRepository } from "../live/live.repository.ts";
import { startLiveTail } from "../live/live.tail.ts";
import type { RedisClient } from "../redis/redis.client.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { FeedsDeps } from "./feeds.deps.ts";
import { createLiveHub } from "./feeds.hub.ts";
import { createRedisqQueues } from "./redisq.queues.ts";

export function createFeedsDeps({ sql, redis, subscriber, channel, prefix, universe, retentionDays, logger, now = () => new Date(), heartbeatMs, maxBuffered }: {
  sql: Sql;
  universe: UniverseNames;
  /** Commands (RedisQ positions and locks). */
  redis: RedisClient;
  /** A connection of its own for the worker's channel: once subscribed it can do nothing else. */
  subscriber: RedisClient;
  channel: string;
  prefix: string;
  retentionDays: number;
  logger: Logger;
  now?: () => Date;
  heartbeatMs?: number;
  maxBuffered?: number;
}): FeedsDeps {
  const repository = createLiveRepository({ sql });
  const hub = createLiveHub({
    maxBuffered,
    startTail: ({ onRecords }) => startLiveTail({ repository, subscriber, channel, logger, onRecords }),
  });
  return { sql, hub, repository, queues: createRedisqQueues({ redis, prefix }), universe, retentionDays, now, heartbeatMs };
}
