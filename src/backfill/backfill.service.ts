/** Composition of `killboard backfill zkillboard`: the history client, progress in Postgres, and a sink. */
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import { createIngestRepository } from "../ingest/ingest.repository.ts";
import { createKillmailRepository } from "../killmails/killmail.repository.ts";
import { createKillmailProcessor } from "../killmails/killmail.usecases.ts";
import { createQueues } from "../queue/queue.client.ts";
import { closeRedisClients, createRedisClient, type RedisClient } from "../redis/redis.client.ts";
import { createBackfillRepository } from "./backfill.repository.ts";
import { createProgressBar } from "./backfill.progress.ts";
import { createQueueSink, createRawSink } from "./backfill.sinks.ts";
import { runHistoryBackfill, type BackfillSink } from "./backfill.usecases.ts";
import { createHistoryClient } from "./history.client.ts";
import type { BoardEntity } from "../board/board.models.ts";
import { runBoardBackfill } from "./backfill.board.ts";

/** Queues through `producer` when given (the caller owns it), else through a connection of its own to `redisUrl`. */
export async function backfillZkillboard({ sql, logger, historyBaseUrl, userAgent, redisUrl, producer: given, prefix, startDate, endDate, raw, signal }: {
  sql: Sql; logger: Logger; historyBaseUrl: string; userAgent: string; redisUrl?: string; producer?: RedisClient; prefix: string;
  startDate: string; endDate: string; raw: boolean; signal?: AbortSignal;
}) {
  const { findExistingIds } = createKillmailRepository({ sql });
  const ingest = createIngestRepository({ sql });
  const owned = raw || given ? null : createRedisClient({ url: redisUrl ?? "", purpose: "producer", name: "backfill" });
  const producer = raw ? null : (given ?? owned);
  const queues = producer ? createQueues({ connection: producer, prefix }) : null;
  const sink: BackfillSink = queues
    ? createQueueSink({ queue: queues.killmails, findExistingIds, ingest, logger })
    : createRawSink({ storeKillmails: (await createKillmailProcessor({ sql })).storeKillmails, findExistingIds, ingest, logger });
  const bar = createProgressBar();
  try {
    const progress = await runHistoryBackfill({
      client: createHistoryClient({ baseUrl: historyBaseUrl, userAgent }),
      repository: createBackfillRepository({ sql }),
      sink, source: raw ? "zkillboard-raw" : "zkillboard", startDate, endDate, raw, signal, onProgress: bar.update,
    });
    bar.done(progress);
    return progress;
  } finally {
    await queues?.close();
    if (owned) await closeRedisClients({ clients: [owned] });
  }
}

/** Composition of `killboard backfill board`: BOARD_ENTITIES' history from zKillboard's API, queued for the workers. */
export async function backfillBoard({ sql, logger, apiBaseUrl, userAgent, producer, prefix, entities, signal }: {
  sql: Sql; logger: Logger; apiBaseUrl: string; userAgent: string; producer: RedisClient; prefix: string;
  entities: readonly BoardEntity[]; signal?: AbortSignal;
}) {
  const { findExistingIds } = createKillmailRepository({ sql });
  const queues = createQueues({ connection: producer, prefix });
  try {
    const sink = createQueueSink({ queue: queues.killmails, findExistingIds, ingest: createIngestRepository({ sql }), logger });
    return await runBoardBackfill({ client: createHistoryClient({ baseUrl: apiBaseUrl, userAgent }), sink, apiBaseUrl, entities, signal });
  } finally {
    await queues.close();
  }
}
