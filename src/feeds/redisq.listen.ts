/**
 * One `listen.php` long-poll: the next record after the queue's position, waiting up to ttw seconds for it.
 * PostgreSQL says what the next record is; the hub only wakes the wait when something was stored.
 */
import type { LiveRepository } from "../live/live.repository.ts";
import type { LiveRecord } from "../live/live.types.ts";
import type { LiveHub } from "./feeds.hub.ts";
import type { RedisqQueues } from "./redisq.queues.ts";

export type ListenAnswer = { kind: "busy" } | { kind: "record"; record: LiveRecord | null };

export async function listenForRecord({ hub, repository, queues, queueId, ttwS, signal }: {
  hub: LiveHub; repository: LiveRepository; queues: RedisqQueues; queueId: string; ttwS: number; signal: AbortSignal;
}): Promise<ListenAnswer> {
  const release = await queues.lock({ queueId });
  if (!release) return { kind: "busy" };
  const subscription = await hub.subscribe().catch(async (error: unknown) => {
    await release();
    throw error;
  });
  try {
    const position = await queues.position({ queueId, head: () => repository.readHead() });
    const deadline = Date.now() + ttwS * 1000;
    for (;;) {
      const [record] = await repository.readRecordsAfter({ after: position, limit: 1 });
      // A client that went away is not answered, so its position stays for the next request.
      if (signal.aborted) return { kind: "record", record: null };
      if (record) {
        await queues.save({ queueId, position: record.sequence });
        return { kind: "record", record };
      }
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) break;
      await subscription.take({ signal: AbortSignal.any([signal, AbortSignal.timeout(remainingMs)]) });
    }
    await queues.save({ queueId, position });
    return { kind: "record", record: null };
  } finally {
    subscription.close();
    await release();
  }
}
