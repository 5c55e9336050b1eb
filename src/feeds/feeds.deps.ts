/** What the feed routes need, built once by the serve role (feeds.setup.ts) or a test. */
import type { Sql } from "../db/db.client.ts";
import type { LiveRepository } from "../live/live.repository.ts";
import type { LiveHub } from "./feeds.hub.ts";
import type { RedisqQueues } from "./redisq.queues.ts";

export type FeedsDeps = {
  sql: Sql;
  hub: LiveHub;
  repository: LiveRepository;
  queues: RedisqQueues;
  /** LIVE_RETENTION_DAYS. */
  retentionDays: number;
  now: () => Date;
  heartbeatMs?: number;
};
