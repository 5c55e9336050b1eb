/**
 * One Redis connection per purpose, never shared: a blocked worker connection must not delay a producer, and a
 * producer must fail fast (so a listener keeps its cursor and retries) instead of queueing commands in memory
 * while Redis is down. Nothing connects until a factory is called.
 */
import { Redis } from "ioredis";

export type RedisPurpose = "producer" | "worker" | "events" | "cache";

/** A producer gives up on a command after this many reconnect attempts; the caller retries the whole step. */
const PRODUCER_MAX_RETRIES_PER_REQUEST = 2;
const RECONNECT_MAX_DELAY_MS = 2_000;

const reconnectDelayMs = (attempt: number) => Math.min(RECONNECT_MAX_DELAY_MS, 50 * 2 ** Math.min(attempt, 6));

export function createRedisClient({ url, purpose, name }: { url: string; purpose: RedisPurpose; name?: string }) {
  const waits = purpose === "worker";
  return new Redis(url, {
    connectionName: `killboard:${name ?? purpose}`,
    // BullMQ workers need null: a blocking BRPOPLPUSH-style call must survive reconnects.
    maxRetriesPerRequest: waits ? null : PRODUCER_MAX_RETRIES_PER_REQUEST,
    // Only producers refuse to queue while disconnected; the others wait for the (re)connection.
    enableOfflineQueue: purpose !== "producer",
    retryStrategy: reconnectDelayMs,
  });
}

export type RedisClient = ReturnType<typeof createRedisClient>;

/** Closes clients in the order given; a client already gone is not an error. */
export async function closeRedisClients({ clients }: { clients: RedisClient[] }) {
  for (const client of clients) await client.quit().catch(() => client.disconnect());
}
