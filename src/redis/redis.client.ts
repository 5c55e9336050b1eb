/**
 * One Redis connection per purpose, never shared: a blocked worker connection must not delay a producer, and a
 * producer must fail fast (so a listener keeps its cursor and retries) instead of queueing commands in memory
 * while Redis is down. Nothing connects until a factory is called; roles use `connectRedis`, which proves the
 * connection before anything depends on it.
 */
import { Redis } from "ioredis";
import { AppError } from "../app/errors.ts";
import type { Logger } from "../app/log.ts";
import { withDeadline } from "../app/deadline.ts";

export type RedisPurpose = "producer" | "worker" | "events" | "cache";

/** A producer gives up on a command after this many reconnect attempts; the caller retries the whole step. */
const PRODUCER_MAX_RETRIES_PER_REQUEST = 2;
const RECONNECT_MAX_DELAY_MS = 2_000;
/** A TCP connect slower than this is an outage; it also keeps a start-up failure within 5 s. */
export const REDIS_CONNECT_TIMEOUT_MS = 3_000;
/** Connected but no answer to the ready check (not a Redis, or a stuck one): the same verdict, a little later. */
const REDIS_CONNECT_DEADLINE_MS = 3_500;

const reconnectDelayMs = (attempt: number) => Math.min(RECONNECT_MAX_DELAY_MS, 50 * 2 ** Math.min(attempt, 6));

export function createRedisClient({ url, purpose, name, lazyConnect = false }: { url: string; purpose: RedisPurpose; name?: string; lazyConnect?: boolean }) {
  const waits = purpose === "worker";
  return new Redis(url, {
    connectionName: `killboard:${name ?? purpose}`,
    // BullMQ workers need null: a blocking BRPOPLPUSH-style call must survive reconnects.
    maxRetriesPerRequest: waits ? null : PRODUCER_MAX_RETRIES_PER_REQUEST,
    // Only producers refuse to queue while disconnected; the others wait for the (re)connection.
    enableOfflineQueue: purpose !== "producer",
    retryStrategy: reconnectDelayMs,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    lazyConnect,
  });
}

export type RedisClient = ReturnType<typeof createRedisClient>;

/** `host:port/db` of a Redis URL: enough to find the server, never the password. */
export function describeRedisTarget({ url }: { url: string }) {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 6379}${parsed.pathname.length > 1 ? parsed.pathname : "/0"}`;
  } catch {
    return "?";
  }
}

/**
 * Opens a client and waits until Redis answers, so an unreachable REDIS_URL is one error naming it instead of a
 * reconnect loop. Later outages are logged once each (ioredis emits an error per reconnect attempt).
 */
export async function connectRedis({ url, purpose, name, logger }: { url: string; purpose: RedisPurpose; name?: string; logger: Logger }) {
  const client = createRedisClient({ url, purpose, name, lazyConnect: true });
  const target = describeRedisTarget({ url });
  let lastError: Error | undefined;
  let connected = false;
  let reported = false;
  client.on("error", (error: Error) => {
    lastError = error;
    if (!connected || reported) return;
    reported = true;
    logger.warn(`lost REDIS_URL (${target}): ${error.message}; reconnecting`);
  });
  client.on("ready", () => {
    if (reported) logger.info(`REDIS_URL (${target}) is back`);
    reported = false;
  });
  try {
    await withDeadline({ promise: client.connect(), ms: REDIS_CONNECT_DEADLINE_MS, message: `no answer within ${REDIS_CONNECT_DEADLINE_MS} ms` });
    connected = true;
    return client;
  } catch (error) {
    client.disconnect();
    const reason = lastError?.message || (error instanceof Error ? error.message : String(error));
    throw new AppError({ code: "redis.unreachable", message: `cannot connect to REDIS_URL (${target}): ${reason}`, status: 503, cause: error });
  }
}

/** Closes clients in the order given; a client already gone is not an error. */
export async function closeRedisClients({ clients }: { clients: RedisClient[] }) {
  for (const client of clients) await client.quit().catch(() => client.disconnect());
}
