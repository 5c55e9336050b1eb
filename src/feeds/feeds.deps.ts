/** What the feed routes need, built once by the serve role (feeds.setup.ts) or a test. */
import type { Sql } from "../db/db.client.ts";
import type { LiveRepository } from "../live/live.repository.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { LiveHub } from "./feeds.hub.ts";
import type { RedisqQueues } from "./redisq.queues.ts";

export type FeedsDeps = {
  sql: Sql;
  hub: LiveHub;
  repository: LiveRepository;
  queues: RedisqQueues;
  /** The static data EVE-KILL's topics route by (systems' security, victims' ship groups). */
  universe: UniverseNames;
  /** LIVE_RETENTION_DAYS. */
  retentionDays: number;
  now: () => Date;
  heartbeatMs?: number;
};
