/**
 * Composition shared by the `listen` roles: a producer Redis connection (fails fast, so a Redis outage stops
 * the cursor instead of buffering entries in memory), the killmail queue, and the Postgres-backed port.
 */
import type { Sql } from "../db/db.client.ts";
import { createQueues } from "../queue/queue.client.ts";
import { closeRedisClients, createRedisClient } from "../redis/redis.client.ts";
import { createListenerPort } from "./listener.port.ts";

export function createListenerWiring({ feed, sql, redisUrl, prefix }: { feed: string; sql: Sql; redisUrl: string; prefix: string }) {
  const producer = createRedisClient({ url: redisUrl, purpose: "producer", name: `listen-${feed}` });
  const queues = createQueues({ connection: producer, prefix });
  const port = createListenerPort({ feed, sql, queue: queues.killmails });
  return {
    port,
    async close() {
      await queues.close();
      await closeRedisClients({ clients: [producer] });
    },
  };
}
