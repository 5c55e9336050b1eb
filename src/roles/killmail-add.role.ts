import { defineCommand } from "citty";
import { createFlagValueError } from "../app/errors.ts";
import { killmailHashSchema } from "../killmails/killmail.schemas.ts";
import { createQueues, enqueueKillmails, LIVE_PRIORITY } from "../queue/queue.client.ts";
import { runRole } from "./role.run.ts";

function parseKillmailRef({ id, hash }: { id: string; hash: string }) {
  const killmailId = Number(id);
  if (!/^\d+$/.test(id) || !Number.isSafeInteger(killmailId) || killmailId <= 0) throw createFlagValueError({ message: `killmail id must be a positive integer, got ${id}` });
  const checked = killmailHashSchema.safeParse(hash.toLowerCase());
  if (!checked.success || !checked.data) throw createFlagValueError({ message: `killmail hash must be 40 hex characters, got ${hash}` });
  return { killmailId, hash: checked.data };
}

/** `killboard killmail add <id> <hash>`: queues one killmail by hand; a worker fetches it from ESI. */
export default defineCommand({
  meta: { name: "add", description: "Queue one killmail by id and hash (a worker fetches it from ESI and stores it once)" },
  args: {
    id: { type: "positional", description: "Killmail id", required: true },
    hash: { type: "positional", description: "Killmail hash (40 hex characters)", required: true },
  },
  async run({ args }) {
    const { killmailId, hash } = parseKillmailRef(args);
    await runRole({
      tag: "killmail",
      redis: ["producer"],
      async run({ config, redis, defer }) {
        const queues = createQueues({ connection: redis.producer, prefix: config.QUEUE_PREFIX });
        defer(() => queues.close());
        await enqueueKillmails({ queue: queues.killmails, jobs: [{ killmailId, hash, source: "manual", firstSeenAt: new Date().toISOString() }], priority: LIVE_PRIORITY });
        console.log(`queued km-${killmailId}`);
      },
    });
  },
});
