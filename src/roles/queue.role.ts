import { defineCommand } from "citty";
import { clearFailedJobs, formatQueueStats, readQueueStats, retryFailedJobs } from "../ops/queue.ops.ts";
import { createQueues, type Queues } from "../queue/queue.client.ts";
import { QUEUE_NAMES } from "../queue/queue.names.ts";
import { createFlagValueError } from "../app/errors.ts";
import { jsonArg } from "./role.args.ts";
import { runRole } from "./role.run.ts";

async function withQueues(work: (queues: Queues) => Promise<void>) {
  await runRole({
    tag: "queue",
    redis: ["producer"],
    async run({ config, redis, defer }) {
      const queues = createQueues({ connection: redis.producer, prefix: config.QUEUE_PREFIX });
      defer(() => queues.close());
      await work(queues);
    },
  });
}

const failedArgs = {
  queue: { type: "positional", description: `Queue (${QUEUE_NAMES.join(", ")})`, required: true },
  failed: { type: "boolean", description: "Act on failed jobs (the only state supported)", default: false },
} as const;

/** Both repair commands act on failed jobs only, and say so on the command line. */
function parseFailedArgs(args: { queue: string; failed: boolean }) {
  if (!args.failed) throw createFlagValueError({ message: "say which jobs: --failed" });
  const name = QUEUE_NAMES.find((queue) => queue === args.queue);
  if (!name) throw createFlagValueError({ message: `unknown queue ${args.queue}; queues: ${QUEUE_NAMES.join(", ")}` });
  return { name };
}

const stats = defineCommand({
  meta: { name: "stats", description: "Job counts per queue and the latest failure reasons" },
  args: jsonArg(),
  async run({ args }) {
    await withQueues(async (queues) => {
      const result = await readQueueStats({ queues: Object.values(queues.byName) });
      console.log(args.json ? JSON.stringify(result) : formatQueueStats({ stats: result }));
    });
  },
});

const retry = defineCommand({
  meta: { name: "retry", description: "Move failed jobs of a queue back to waiting" },
  args: failedArgs,
  async run({ args }) {
    const { name } = parseFailedArgs(args);
    await withQueues(async (queues) => {
      const { retried } = await retryFailedJobs({ queue: queues.byName[name] });
      console.log(`retried ${retried} failed job(s) of ${name}`);
    });
  },
});

const clear = defineCommand({
  meta: { name: "clear", description: "Delete failed jobs of a queue (their reasons are lost)" },
  args: failedArgs,
  async run({ args }) {
    const { name } = parseFailedArgs(args);
    await withQueues(async (queues) => {
      const { removed } = await clearFailedJobs({ queue: queues.byName[name] });
      console.log(`removed ${removed} failed job(s) of ${name}`);
    });
  },
});

export default defineCommand({
  meta: { name: "queue", description: "Inspect and repair the work queues" },
  subCommands: { stats, retry, clear },
});
