/**
 * The one way a role opens what it needs. PostgreSQL, then Redis (one proven connection per purpose), are
 * opened inside the lifecycle and closed in reverse, after everything the role registered with `defer`:
 * workers → queues → redis → sql, on a clean stop and when start-up fails half-way alike.
 * A `service` runs under runService (signals abort `signal`, drain deadline); a one-shot command just returns.
 * With `metrics`, the role also serves its operations port (role.metrics.ts) from just after the connections
 * open until just before they close, so it can be scraped while it drains.
 */
import type { Config } from "../app/config.ts";
import type { Logger } from "../app/log.ts";
import { runService } from "../app/run-service.ts";
import { startRoleHeartbeat } from "../ops/heartbeat.ts";
import type { Sql } from "../db/db.client.ts";
import type { ReadyChecks } from "../metrics/metrics.probes.ts";
import { createMetrics, type Metrics } from "../metrics/metrics.registry.ts";
import { closeRedisClients, connectRedis, type RedisClient, type RedisPurpose } from "../redis/redis.client.ts";
import { connectDatabase, createRoleContext } from "./role.context.ts";
import { openOperationsPort, roleApplicationName, watchConnections } from "./role.metrics.ts";

export { listenOn } from "./role.listen.ts";

type Closer = () => unknown;

export type RoleRun<Db, Purpose extends RedisPurpose> = {
  config: Config;
  logger: Logger;
  sql: Db extends { max: number } ? Sql : undefined;
  redis: Record<Purpose, RedisClient>;
  /** Aborted by SIGTERM/SIGINT in a service; never aborted in a one-shot command. */
  signal: AbortSignal;
  /** Registers a close step; steps run last-registered first, before Redis and PostgreSQL close. */
  defer: (close: Closer) => void;
  /** This process's registry; only roles run with `metrics` export it (and the process series). */
  metrics: Metrics;
  /** Readiness checks of /ready on the operations port; runRole adds `database` and `redis`, a role adds its own. */
  checks: ReadyChecks;
};

export async function runRole<Db extends { max: number; parallel?: boolean } | undefined = undefined, Purpose extends RedisPurpose = never>({
  tag, name = tag, service = false, heartbeat = service, metrics: operations, db, redis = [], run,
}: {
  tag: string;
  /** The name runService logs and the heartbeat carries (defaults to the tag). */
  name?: string;
  service?: boolean;
  /** Keep a heartbeat in Redis for `killboard status` while running (default: every service). */
  heartbeat?: boolean;
  /** Serve /metrics, /health and /ready on `port` (default METRICS_PORT; 0 = off). */
  metrics?: { port?: number };
  db?: Db;
  redis?: readonly Purpose[];
  run: (context: RoleRun<Db, Purpose>) => Promise<void>;
}): Promise<void> {
  const { config, logger } = createRoleContext({ tag });
  const body = async (signal: AbortSignal) => {
    await using stack = new AsyncDisposableStack();
    const applicationName = roleApplicationName({ name });
    const metrics = createMetrics({ role: name, runtime: Boolean(operations) });
    const sql = db ? await connectDatabase({ url: config.DATABASE_URL, max: db.max, applicationName, parallel: db.parallel }) : undefined;
    if (sql) stack.defer(() => sql.end({ timeout: 5 }));
    const clients = {} as Record<Purpose, RedisClient>;
    for (const purpose of redis) {
      const client = await connectRedis({ url: config.REDIS_URL, purpose, name: `${tag}:${purpose}`, logger });
      stack.defer(() => closeRedisClients({ clients: [client] }));
      clients[purpose] = client;
    }
    const checks = watchConnections({ metrics, sql, redis: clients, applicationName });
    if (operations) {
      const server = await openOperationsPort({ port: operations.port ?? config.METRICS_PORT, metrics, checks, signal, logger });
      if (server) stack.defer(() => server.stop(true));
    }
    if (heartbeat) {
      // Stopped after everything the role defers, so a draining process still shows as alive.
      const beats = startRoleHeartbeat({ url: config.REDIS_URL, prefix: config.QUEUE_PREFIX, role: name, logger });
      stack.defer(() => beats.stop());
    }
    const defer = (close: Closer) => stack.defer(async () => void (await close()));
    await run({ config, logger, sql: sql as RoleRun<Db, Purpose>["sql"], redis: clients, signal, defer, metrics, checks });
  };
  if (!service) return body(new AbortController().signal);
  await runService({ name, logger, run: ({ signal }) => body(signal) });
}

/** Resolves once `signal` aborts, also when it already has (a SIGTERM during start-up). */
export function untilAborted({ signal }: { signal: AbortSignal }) {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
