/** Builds the admin pages' dependencies from the serve role's open connections (only when ADMIN_TOKEN is set). */
import type { Config } from "../app/config.ts";
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import { createStatusUpstream } from "../ops/status.upstream.ts";
import { readDeploymentStatus } from "../ops/status.usecases.ts";
import { createQueues } from "../queue/queue.client.ts";
import type { RedisClient } from "../redis/redis.client.ts";
import type { AdminDeps } from "./admin.deps.ts";

export function createAdminDeps({ token, sql, connection, config, logger }: {
  token: string;
  sql: Sql;
  /** A producer connection: the board's reads and repairs fail fast while Redis is down instead of piling up. */
  connection: RedisClient;
  config: Pick<Config, "QUEUE_PREFIX" | "R2Z2_BASE_URL" | "ESI_USER_AGENT" | "TRUST_PROXY_HEADER"> & Partial<Pick<Config, "BOARD_ENTITIES">>;
  logger: Logger;
}) {
  const queues = createQueues({ connection, prefix: config.QUEUE_PREFIX });
  const list = Object.values(queues.byName);
  const upstream = createStatusUpstream({ baseUrl: config.R2Z2_BASE_URL, userAgent: config.ESI_USER_AGENT });
  const deps: AdminDeps = {
    token, trustProxyHeader: config.TRUST_PROXY_HEADER, queues: list, logger,
    readStatus: () => readDeploymentStatus({ sql, redis: connection, prefix: config.QUEUE_PREFIX, queues: list, upstream, board: config.BOARD_ENTITIES }),
  };
  return { deps, close: () => queues.close() };
}
