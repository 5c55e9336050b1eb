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
import { createQueues, enqueueEnrichmentSweep } from "../queue/queue.client.ts";
import { ENRICHMENT_QUEUE, KILLMAIL_QUEUE, type QueueName } from "../queue/queue.names.ts";
import { ENRICHMENT_DELAY_MS } from "../queue/queue.options.ts";
import { closeRedisClients, createRedisClient } from "../redis/redis.client.ts";
import { createIngestRepository } from "./ingest.repository.ts";
import { createOutcomeRecorder } from "./outcome.recorder.ts";
import { createStoreBatcher } from "./store.batcher.ts";
import { killmailEventKeys, publishKillmailEvent } from "./killmail.events.ts";
import { createKillmailJobProcessor } from "./killmail.job.ts";
import { createQueueWorker } from "./queue.worker.ts";
import { createSearchIndexer } from "./search.indexer.ts";

export type WorkOptions = {
  sql: Sql;
  redisUrl: string;
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
};

export async function startWorkService(options: WorkOptions) {
  const { sql, redisUrl, prefix, logger } = options;
  const workerConnection = createRedisClient({ url: redisUrl, purpose: "worker" });
  const producer = createRedisClient({ url: redisUrl, purpose: "producer" });
  const events = createRedisClient({ url: redisUrl, purpose: "events" });
  const cache = createRedisClient({ url: redisUrl, purpose: "cache" });
  const esi = createEsiClient({ baseUrl: options.esiBaseUrl, userAgent: options.userAgent, redis: cache, keyPrefix: `${prefix}:esi`, ...options.esi });
  const queues = createQueues({ connection: producer, prefix });
  const outcomes = createOutcomeRecorder({ repository: createIngestRepository({ sql }) });
  let lastSweepWindow = -1;
  const processor = await createKillmailProcessor({ sql });
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
      recordOutcome: (args) => outcomes.record(args),
    },
  });
  const processEnrichment = createEnrichmentProcessor({
    sql, esi, logger,
    onEnriched: options.typesense ? createSearchIndexer(options.typesense) : undefined,
    onFullSweep: () => enqueueEnrichmentSweep({ queue: queues.enrichment, now: Date.now() + ENRICHMENT_DELAY_MS, reason: "backlog" }),
  });
  const processors = { [KILLMAIL_QUEUE]: processKillmail, [ENRICHMENT_QUEUE]: processEnrichment };
  // Sweeps are batches already; two at once would fetch the same stale entities twice.
  const concurrencyOf = { [KILLMAIL_QUEUE]: options.concurrency, [ENRICHMENT_QUEUE]: 1 };
  const workers = options.queueNames.map((name) =>
    createQueueWorker({ name, connection: workerConnection, prefix, concurrency: concurrencyOf[name], lockDurationMs: options.lockDurationMs, process: processors[name], logger }),
  );
  for (const worker of workers) void worker.run();
  logger.info(`working ${options.queueNames.join(", ")} with concurrency ${options.concurrency}`);
  return {
    esi,
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await outcomes.close();
      await queues.close();
      await closeRedisClients({ clients: [producer, events, cache, workerConnection] });
    },
  };
}
