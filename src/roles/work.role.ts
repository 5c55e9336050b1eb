import { defineCommand } from "citty";
import { runService } from "../app/run-service.ts";
import { WORKER_LOCK_DURATION_MS } from "../ingest/queue.worker.ts";
import { startWorkService } from "../ingest/work.service.ts";
import { QUEUE_NAMES, type QueueName } from "../queue/queue.names.ts";
import { connectDatabase, createRoleContext } from "./role.context.ts";
import { parseIntegerArg } from "./role.args.ts";

function parseQueueNames(value: string): QueueName[] {
  const names = value.split(",").map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(QUEUE_NAMES as readonly string[]).includes(name));
  if (unknown.length || !names.length) throw new Error(`--queues must list some of ${QUEUE_NAMES.join(", ")}; got ${value}`);
  return names as QueueName[];
}

export default defineCommand({
  meta: { name: "work", description: "Process queued killmails (fetch from ESI when needed, store once, publish) and enrichment" },
  args: {
    concurrency: { type: "string", description: "Jobs processed at once per queue", default: "8" },
    queues: { type: "string", description: `Comma-separated queues to work (${QUEUE_NAMES.join(", ")})`, default: QUEUE_NAMES.join(",") },
    "lock-duration-ms": { type: "string", description: "Job lock; a crashed worker's jobs return to the queue after it", default: String(WORKER_LOCK_DURATION_MS) },
  },
  async run({ args }) {
    const concurrency = parseIntegerArg({ name: "concurrency", value: args.concurrency, min: 1, max: 1_000 });
    // A lock under a second is renewed every few hundred ms; any longer pause hands a running job to another worker.
    const lockDurationMs = parseIntegerArg({ name: "lock-duration-ms", value: args["lock-duration-ms"], min: 1_000, max: 3_600_000 });
    const queueNames = parseQueueNames(args.queues);
    const { config, logger } = createRoleContext({ tag: "work" });
    const sql = await connectDatabase({ url: config.DATABASE_URL, max: Math.min(20, concurrency + 2) });
    const service = await startWorkService({
      sql, redisUrl: config.REDIS_URL, esiBaseUrl: config.ESI_BASE_URL, userAgent: config.ESI_USER_AGENT, prefix: config.QUEUE_PREFIX,
      concurrency, queueNames, lockDurationMs, logger,
      typesense: config.TYPESENSE_URL ? { url: config.TYPESENSE_URL, apiKey: config.TYPESENSE_API_KEY ?? "" } : undefined,
    });
    await runService({
      name: "work",
      logger,
      async run({ signal }) {
        await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
        await service.close();
        await sql.end({ timeout: 5 });
      },
    });
  },
});
