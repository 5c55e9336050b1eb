/**
 * Composition shared by the `listen` roles: a producer Redis connection (fails fast, so a Redis outage stops
 * the cursor instead of buffering entries in memory), the killmail queue, and the Postgres-backed port.
 */
import type { Sql } from "../db/db.client.ts";
import { createQueues } from "../queue/queue.client.ts";
import { closeRedisClients, createRedisClient, type RedisClient } from "../redis/redis.client.ts";
import { createListenerPort } from "./listener.port.ts";
import type { BoardEntity } from "../board/board.models.ts";
import { filterPortByBoard, OUTSIDE_BOARD } from "../board/board.usecases.ts";
import { createIngestRepository } from "./ingest.repository.ts";
import { createOutcomeRecorder } from "./outcome.recorder.ts";

/**
 * Queues through `producer` when given (the caller owns and closes it), else through its own to `redisUrl`.
 * With `board` (BOARD_ENTITIES), kills whose body shows none of its entities are dropped and counted instead.
 */
export function createListenerWiring({ feed, sql, producer: given, redisUrl, prefix, board }: {
  feed: string; sql: Sql; producer?: RedisClient; redisUrl?: string; prefix: string; board?: readonly BoardEntity[];
}) {
  const producer = given ?? createRedisClient({ url: redisUrl ?? "", purpose: "producer", name: `listen-${feed}` });
  const queues = createQueues({ connection: producer, prefix });
  const queuing = createListenerPort({ feed, sql, queue: queues.killmails });
  // Most kills are off a corporation's board: their counts are batched, not one upsert per kill.
  const skips = board ? createOutcomeRecorder({ repository: createIngestRepository({ sql }) }) : null;
  const port = board && skips
    ? filterPortByBoard({ port: queuing, entities: board, onSkip: (entry) => skips.record({ source: entry.source, outcome: OUTSIDE_BOARD }) })
    : queuing;
  return {
    port,
    async close() {
      await skips?.close();
      await queues.close();
      if (!given) await closeRedisClients({ clients: [producer] });
    },
  };
}
