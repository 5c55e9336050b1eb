/**
 * Composition shared by the `listen` roles: a producer Redis connection (fails fast, so a Redis outage stops
 * the cursor instead of buffering entries in memory), the killmail queue, and the Postgres-backed port.
 */
import type { Sql } from "../db/db.client.ts";
import { createQueues } from "../queue/queue.client.ts";
import { closeRedisClients, createRedisClient, type RedisClient } from "../redis/redis.client.ts";
import { createListenerPort } from "./listener.port.ts";

/** Queues through `producer` when given (the caller owns and closes it), else through its own to `redisUrl`. */
export function createListenerWiring({ feed, sql, producer: given, redisUrl, prefix }: {
  feed: string; sql: Sql; producer?: RedisClient; redisUrl?: string; prefix: string;
}) {
  const producer = given ?? createRedisClient({ url: redisUrl ?? "", purpose: "producer", name: `listen-${feed}` });
  const queues = createQueues({ connection: producer, prefix });
  const port = createListenerPort({ feed, sql, queue: queues.killmails });
  return {
    port,
    async close() {
      await queues.close();
      if (!given) await closeRedisClients({ clients: [producer] });
    },
  };
}
