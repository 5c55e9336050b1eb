/**
 * The operations side of a long-running role: its registry (with the process series), readiness checks for the
 * connections runRole opened, and the METRICS_PORT server (/metrics, /health, /ready). The port opens before the
 * role starts its work, so a prober sees /health during start-up and /ready turn 200 once everything answers.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import { createMetricsRepository } from "../metrics/metrics.repository.ts";
import type { ReadyChecks } from "../metrics/metrics.probes.ts";
import type { Metrics } from "../metrics/metrics.registry.ts";
import { createMetricsApp, startMetricsServer } from "../metrics/metrics.server.ts";
import type { RedisClient, RedisPurpose } from "../redis/redis.client.ts";
import { listenOn } from "./role.listen.ts";

/** PostgreSQL's limit on application_name is 63 bytes; the suffix keeps processes with the same pid (pid 1 in containers) apart. */
export const roleApplicationName = ({ name }: { name: string }) => `killboard ${name} ${randomBytes(4).toString("hex")}`.slice(0, 63);

/** The client a readiness ping may use: a worker connection may sit in a blocking command, so any other first. */
const pingable = (redis: Partial<Record<RedisPurpose, RedisClient>>) =>
  redis.producer ?? redis.cache ?? redis.events ?? redis.worker;

/** Adds the connection checks and the pool reader; returns the checks so the role can add its own. */
export function watchConnections({ metrics, sql, redis, applicationName }: {
  metrics: Metrics; sql?: Sql; redis: Partial<Record<RedisPurpose, RedisClient>>; applicationName: string;
}): ReadyChecks {
  const checks: ReadyChecks = {};
  if (sql) {
    checks.database = () => sql`select 1`;
    const repository = createMetricsRepository({ sql });
    metrics.db.watchPool({ reader: { max: sql.options.max, countConnections: () => repository.countConnections({ applicationName }) } });
  }
  const client = pingable(redis);
  if (client) checks.redis = () => client.ping();
  return checks;
}

/** Serves the operations port unless it is 0; a taken port is one line naming METRICS_PORT and the flag. */
export async function openOperationsPort({ port, metrics, checks, signal, logger }: {
  port: number; metrics: Metrics; checks: ReadyChecks; signal: AbortSignal; logger: Logger;
}) {
  if (port === 0) return null;
  const app = createMetricsApp({ metrics, checks, signal });
  const server = await listenOn({ name: "METRICS_PORT (or --metrics-port)", port, start: () => startMetricsServer({ port, app }) });
  logger.debug(`operations port ${server.port}: /metrics, /health, /ready`);
  return server;
}
