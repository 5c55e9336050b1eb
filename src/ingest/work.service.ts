/**
 * Composition of `killboard work`: Redis connections per purpose (worker, producer, events, cache), the ESI
 * client, the storage processor, and one BullMQ worker per chosen queue. `close()` drains in the order
 * workers → queues → redis, so no job is cut mid-store and no enqueue hits a closed connection.
 */
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import { createEsiClient } from "../esi/esi.client.ts";
import { createEnrichmentProcessor } from "../enrichment/enrichment.job.ts";
import { createKillmailProcessor } from "../killmails/killmail.usecases.ts";
import type { EsiMetrics } from "../metrics/metrics.esi.ts";
import type { IngestMetrics } from "../metrics/metrics.ingest.ts";
import { createQueues, enqueueEnrichmentSweep } from "../queue/queue.client.ts";
import { ENRICHMENT_QUEUE, KILLMAIL_QUEUE, WEBHOOK_QUEUE, type QueueName } from "../queue/queue.names.ts";
import { ENRICHMENT_DELAY_MS } from "../queue/queue.options.ts";
import { closeRedisClients, createRedisClient, type RedisClient } from "../redis/redis.client.ts";
import { createIngestRepository } from "./ingest.repository.ts";
import { createOutcomeRecorder } from "./outcome.recorder.ts";
import { createStoreBatcher } from "./store.batcher.ts";
import { killmailEventKeys, publishKillmailEvent } from "./killmail.events.ts";
import { createKillmailJobProcessor } from "./killmail.job.ts";
import { createQueueWorker } from "./queue.worker.ts";
import { createSearchIndexer } from "./search.indexer.ts";
import { createBoardMatcher, type BoardEntity } from "../board/board.models.ts";
import { startWebhooks, WEBHOOK_CONCURRENCY, type WebhookSettings } from "../webhooks/webhook.service.ts";

/** One connection per purpose; see redis.client.ts for why they are never shared. */
export type WorkConnections = { worker: RedisClient; producer: RedisClient; events: RedisClient; cache: RedisClient };

export type WorkOptions = {
  sql: Sql;
  /** Connections owned by the caller (a role opens and proves them); else the service opens its own to `redisUrl`. */
  connections?: WorkConnections;
  redisUrl?: string;
  esiBaseUrl: string;
  userAgent: string;
  prefix: string;
  concurrency: number;
  queueNames: QueueName[];
  lockDurationMs?: number;
  logger: Logger;
  /** Set when search runs on Typesense: enrichment keeps its index in step with the names it writes. */
  typesense?: { url: string; apiKey: string };
  /** Test and benchmark overrides of the ESI client (timeouts, retry pacing). */
  esi?: { timeoutMs?: number; retryBaseMs?: number };
  /** The role's registry: outcomes, latency, jobs and queue depth, ESI answers and error budget. */
  metrics?: { ingest: IngestMetrics; esi: EsiMetrics };
  /** Needed when the `webhooks` queue is worked: this process then also runs (or stands by as) the dispatcher. */
  webhooks?: WebhookSettings;
  /** BOARD_ENTITIES: killmails involving none of them are not stored. */
  board?: readonly BoardEntity[];
};

function openConnections({ url }: { url: string }): WorkConnections {
  const open = (purpose: "worker" | "producer" | "events" | "cache") => createRedisClient({ url, purpose });
  return { worker: open("worker"), producer: open("producer"), events: open("events"), cache: open("cache") };
}

export async function startWorkService(options: WorkOptions) {
  const { sql, prefix, logger } = options;
  const connections = options.connections ?? openConnections({ url: options.redisUrl ?? "" });
  const { worker: workerConnection, producer, events, cache } = connections;
  const { metrics } = options;
  const esi = createEsiClient({ baseUrl: options.esiBaseUrl, userAgent: options.userAgent, redis: cache, keyPrefix: `${prefix}:esi`, metrics: metrics?.esi, ...options.esi });
  const queues = createQueues({ connection: producer, prefix });
  metrics?.ingest.watchQueues({ queues: [queues.killmails, queues.enrichment] });
  const outcomes = createOutcomeRecorder({ repository: createIngestRepository({ sql }) });
  let lastSweepWindow = -1;
  const processor = await createKillmailProcessor({ sql, onLatePartition: ({ month }) => {
    logger.warn(`killmail partitions for ${month.slice(0, 7)} were created by the worker, not ahead of time: is killboard cron running?`);
    metrics?.ingest.recordLatePartition();
  } });
  const batcher = createStoreBatcher({ storeKillmails: processor.storeKillmails });
  const processKillmail = createKillmailJobProcessor({
    deps: {
      fetchKillmail: (args) => esi.getKillmail(args),
      storeKillmail: (input) => batcher.store(input),
      publishEvent: (event) => publishKillmailEvent({ redis: events, event, ...killmailEventKeys({ prefix }) }),
      async requestEnrichment() {
        // One sweep per window is all BullMQ would keep anyway; skip the round trips for the rest.
        const window = Math.floor(Date.now() / ENRICHMENT_DELAY_MS);
        if (window === lastSweepWindow) return;
        await enqueueEnrichmentSweep({ queue: queues.enrichment });
        lastSweepWindow = window;
      },
      involvesBoard: options.board ? createBoardMatcher({ entities: options.board }) : undefined,
      recordOutcome({ firstSeenAt, ...args }) {
        metrics?.ingest.recordOutcome({ ...args, firstSeenAt });
        return outcomes.record(args);
      },
    },
  });
  const processEnrichment = createEnrichmentProcessor({
    sql, esi, logger,
    onEnriched: options.typesense ? createSearchIndexer(options.typesense) : undefined,
    onFullSweep: () => enqueueEnrichmentSweep({ queue: queues.enrichment, now: Date.now() + ENRICHMENT_DELAY_MS, reason: "backlog" }),
  });
  const webhooks = options.queueNames.includes(WEBHOOK_QUEUE)
    ? startWebhooks({ sql, events, queue: queues.webhooks, channel: killmailEventKeys({ prefix }).channel, userAgent: options.userAgent, logger, settings: options.webhooks })
    : undefined;
  const processors = { [KILLMAIL_QUEUE]: processKillmail, [ENRICHMENT_QUEUE]: processEnrichment, ...(webhooks && { [WEBHOOK_QUEUE]: webhooks.process }) };
  // Sweeps are batches already; two at once would fetch the same stale entities twice.
  const concurrencyOf = { [KILLMAIL_QUEUE]: options.concurrency, [ENRICHMENT_QUEUE]: 1, [WEBHOOK_QUEUE]: WEBHOOK_CONCURRENCY };
  const workers = options.queueNames.map((name) =>
    createQueueWorker({ name, connection: workerConnection, prefix, concurrency: concurrencyOf[name], lockDurationMs: options.lockDurationMs, process: processors[name]!, logger, metrics: metrics?.ingest }),
  );
  for (const worker of workers) void worker.run();
  logger.info(`working ${options.queueNames.join(", ")} with concurrency ${options.concurrency}`);
  return {
    esi,
    async close() {
      await webhooks?.close();
      await Promise.all(workers.map((worker) => worker.close()));
      await outcomes.close();
      await queues.close();
      if (!options.connections) await closeRedisClients({ clients: [producer, events, cache, workerConnection] });
    },
  };
}
