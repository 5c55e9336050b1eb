import { defineCommand } from "citty";
import { clearFailedJobs, formatQueueStats, readQueueStats, retryFailedJobs } from "../ops/queue.ops.ts";
import { createQueues, type Queues } from "../queue/queue.client.ts";
import { QUEUE_NAMES, type QueueName } from "../queue/queue.names.ts";
import { closeRedisClients, createRedisClient } from "../redis/redis.client.ts";
import { createRoleContext } from "./role.context.ts";

async function withQueues<T>(work: (queues: Queues) => Promise<T>) {
  const { config } = createRoleContext({ tag: "queue" });
  const producer = createRedisClient({ url: config.REDIS_URL, purpose: "producer", name: "queue-cli" });
  const queues = createQueues({ connection: producer, prefix: config.QUEUE_PREFIX });
  try {
    return await work(queues);
  } finally {
    await queues.close();
    await closeRedisClients({ clients: [producer] });
  }
}

function ensureQueueName(name: string): QueueName {
  if (!(QUEUE_NAMES as readonly string[]).includes(name)) throw new Error(`unknown queue ${name}; queues: ${QUEUE_NAMES.join(", ")}`);
  return name as QueueName;
}

const failedArgs = {
  queue: { type: "positional", description: `Queue (${QUEUE_NAMES.join(", ")})`, required: true },
  failed: { type: "boolean", description: "Act on failed jobs (the only state supported)", default: false },
} as const;

const ensureFailedFlag = (failed: boolean) => {
  if (!failed) throw new Error("say which jobs: --failed");
};

const stats = defineCommand({
  meta: { name: "stats", description: "Job counts per queue and the latest failure reasons" },
  args: { json: { type: "boolean", description: "Print JSON", default: false } },
  async run({ args }) {
    const result = await withQueues((queues) => readQueueStats({ queues: Object.values(queues.byName) }));
    console.log(args.json ? JSON.stringify(result) : formatQueueStats({ stats: result }));
  },
});

const retry = defineCommand({
  meta: { name: "retry", description: "Move failed jobs of a queue back to waiting" },
  args: failedArgs,
  async run({ args }) {
    ensureFailedFlag(args.failed);
    const name = ensureQueueName(args.queue);
    const { retried } = await withQueues((queues) => retryFailedJobs({ queue: queues.byName[name] }));
    console.log(`retried ${retried} failed job(s) of ${name}`);
  },
});

const clear = defineCommand({
  meta: { name: "clear", description: "Delete failed jobs of a queue (their reasons are lost)" },
  args: failedArgs,
  async run({ args }) {
    ensureFailedFlag(args.failed);
    const name = ensureQueueName(args.queue);
    const { removed } = await withQueues((queues) => clearFailedJobs({ queue: queues.byName[name] }));
    console.log(`removed ${removed} failed job(s) of ${name}`);
  },
});

export default defineCommand({
  meta: { name: "queue", description: "Inspect and repair the work queues" },
  subCommands: { stats, retry, clear },
});
