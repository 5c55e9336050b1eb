import { defineCommand } from "citty";
import { WORKER_LOCK_DURATION_MS } from "../ingest/queue.worker.ts";
import { startWorkService } from "../ingest/work.service.ts";
import { QUEUE_NAMES } from "../queue/queue.names.ts";
import { metricsPortArg, parseIntegerArg, parseListArg, parseMetricsPortArg } from "./role.args.ts";
import { runRole, untilAborted } from "./role.run.ts";

export default defineCommand({
  meta: { name: "work", description: "Process queued killmails (fetch from ESI when needed, store once, publish) and enrichment" },
  args: {
    concurrency: { type: "string", description: "Jobs processed at once per queue", default: "8" },
    queues: { type: "string", description: `Comma-separated queues to work (${QUEUE_NAMES.join(", ")})`, default: QUEUE_NAMES.join(",") },
    "lock-duration-ms": { type: "string", description: "Job lock; a crashed worker's jobs return to the queue after it", default: String(WORKER_LOCK_DURATION_MS) },
    ...metricsPortArg(),
  },
  async run({ args }) {
    const concurrency = parseIntegerArg({ name: "concurrency", value: args.concurrency, min: 1, max: 1_000 });
    // A lock under a second is renewed every few hundred ms; any longer pause hands a running job to another worker.
    const lockDurationMs = parseIntegerArg({ name: "lock-duration-ms", value: args["lock-duration-ms"], min: 1_000, max: 3_600_000 });
    const queueNames = parseListArg({ name: "queues", value: args.queues, choices: QUEUE_NAMES });
    await runRole({
      tag: "work",
      service: true,
      metrics: { port: parseMetricsPortArg({ args }) },
      db: { max: Math.min(20, concurrency + 2) },
      redis: ["worker", "producer", "events", "cache"],
      async run({ sql, redis, config, logger, signal, defer, metrics }) {
        const service = await startWorkService({
          sql, connections: redis, esiBaseUrl: config.ESI_BASE_URL, userAgent: config.ESI_USER_AGENT, prefix: config.QUEUE_PREFIX,
          concurrency, queueNames, lockDurationMs, logger, metrics, board: config.BOARD_ENTITIES,
          typesense: config.TYPESENSE_URL ? { url: config.TYPESENSE_URL, apiKey: config.TYPESENSE_API_KEY ?? "" } : undefined,
          webhooks: { publicUrl: config.PUBLIC_URL, maxFailures: config.WEBHOOK_MAX_FAILURES, retryBaseMs: config.WEBHOOK_RETRY_BASE_MS },
        });
        // Workers, then queues, close before the connections they use (runRole closes those after).
        defer(() => service.close());
        await untilAborted({ signal });
      },
    });
  },
});
