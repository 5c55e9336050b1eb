import { defineCommand } from "citty";
import { killmailHashSchema } from "../killmails/killmail.schemas.ts";
import { createQueues, enqueueKillmails, LIVE_PRIORITY } from "../queue/queue.client.ts";
import { closeRedisClients, createRedisClient } from "../redis/redis.client.ts";
import { createRoleContext } from "./role.context.ts";

/** `killboard killmail add <id> <hash>`: queues one killmail by hand; a worker fetches it from ESI. */
export default defineCommand({
  meta: { name: "add", description: "Queue one killmail by id and hash (a worker fetches it from ESI and stores it once)" },
  args: {
    id: { type: "positional", description: "Killmail id", required: true },
    hash: { type: "positional", description: "Killmail hash (40 hex characters)", required: true },
  },
  async run({ args }) {
    const { config } = createRoleContext({ tag: "killmail" });
    const killmailId = Number(args.id);
    if (!Number.isInteger(killmailId) || killmailId <= 0) throw new Error(`killmail id must be a positive integer, got ${args.id}`);
    const checked = killmailHashSchema.safeParse(args.hash.toLowerCase());
    if (!checked.success || !checked.data) throw new Error(`killmail hash must be 40 hex characters, got ${args.hash}`);
    const hash = checked.data;
    const producer = createRedisClient({ url: config.REDIS_URL, purpose: "producer", name: "killmail-add" });
    const queues = createQueues({ connection: producer, prefix: config.QUEUE_PREFIX });
    try {
      await enqueueKillmails({ queue: queues.killmails, jobs: [{ killmailId, hash, source: "manual", firstSeenAt: new Date().toISOString() }], priority: LIVE_PRIORITY });
      console.log(`queued km-${killmailId}`);
    } finally {
      await queues.close();
      await closeRedisClients({ clients: [producer] });
    }
  },
});
