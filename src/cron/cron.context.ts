/** Builds what the jobs run with from the role's open connections. */
import { hostname } from "node:os";
import type { Config } from "../app/config.ts";
import type { Logger } from "../app/log.ts";
import { createHistoryClient } from "../backfill/history.client.ts";
import type { Sql } from "../db/db.client.ts";
import { createEsiClient } from "../esi/esi.client.ts";
import { createQueues } from "../queue/queue.client.ts";
import type { RedisClient } from "../redis/redis.client.ts";
import type { CronJobContext } from "./cron.jobs.ts";
import { createReleaseDeps, createSyncDeps } from "../accounts/accounts.setup.ts";

/** Partitions of this month and of these many months ahead exist at any time. */
export const PARTITIONS_AHEAD_MONTHS = 3;

export function createCronContext({ sql, producer, cache, config, logger, signal, now = () => new Date() }: {
  sql: Sql; producer: RedisClient; cache: RedisClient; config: Config; logger: Logger; signal: AbortSignal; now?: () => Date;
}) {
  const queues = createQueues({ connection: producer, prefix: config.QUEUE_PREFIX });
  // The workers' key prefix: one ETag cache and one error-limit pause for every process on the host.
  const esi = createEsiClient({ baseUrl: config.ESI_BASE_URL, userAgent: config.ESI_USER_AGENT, redis: cache, keyPrefix: `${config.QUEUE_PREFIX}:esi` });
  const context: CronJobContext = {
    sql, queues, logger, signal, now, esi,
    history: createHistoryClient({ baseUrl: config.R2Z2_BASE_URL, userAgent: config.ESI_USER_AGENT }),
    accounts: createSyncDeps({ sql, config, esi, queues, logger, now }),
    release: createReleaseDeps({ sql, queues, now }),
    settings: { reconcileDays: config.RECONCILE_DAYS, partitionsAheadMonths: PARTITIONS_AHEAD_MONTHS, priceRegions: config.PRICE_REGIONS,
      board: config.BOARD_ENTITIES ? { entities: config.BOARD_ENTITIES, apiBaseUrl: config.ZKILLBOARD_API_URL } : undefined,
      battleRules: { segmentMinutes: config.BATTLE_SEGMENT_MINUTES, minKills: config.BATTLE_MIN_KILLS, quietSegments: config.BATTLE_QUIET_SEGMENTS, minDamageShare: config.BATTLE_MIN_DAMAGE_SHARE } },
  };
  return { context, close: () => queues.close() };
}

/** One name per process in cron_runs, so `cron list` says which instance ran what (on Fly the hostname is the machine id). */
export const cronInstanceName = () => `${hostname()}:${process.pid}`;
