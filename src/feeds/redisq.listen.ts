/**
 * One `listen.php` long-poll: the next record after the queue's position, waiting up to ttw seconds for it.
 * The hub hands the subscription every record after `since`, so a queue at or past `since` is answered from
 * those; PostgreSQL is read only for a queue behind them (a follower catching up), not once per kill per client.
 */
import type { LiveRepository } from "../live/live.repository.ts";
import type { LiveRecord } from "../live/live.types.ts";
import type { LiveHub, LiveSubscription } from "./feeds.hub.ts";
import type { RedisqQueues } from "./redisq.queues.ts";

export type ListenAnswer = { kind: "busy" } | { kind: "record"; record: LiveRecord | null };

const readNextStored = async ({ repository, position }: { repository: LiveRepository; position: number }) =>
  (await repository.readRecordsAfter({ after: position, limit: 1 }))[0] ?? null;

/** The first record after `position`, or null once `wait` aborts. */
async function nextRecord({ subscription, repository, position, wait }: {
  subscription: LiveSubscription; repository: LiveRepository; position: number; wait: AbortSignal;
}): Promise<LiveRecord | null> {
  if (position < subscription.since) {
    const stored = await readNextStored({ repository, position });
    if (stored) return stored;
  }
  while (!wait.aborted) {
    const record = (await subscription.take({ signal: wait })).find(({ sequence }) => sequence > position);
    if (record) return record;
    // Cut off by the hub (far behind): what it dropped is still in PostgreSQL.
    if (subscription.overflowed) return readNextStored({ repository, position });
  }
  return null;
}

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
    const wait = AbortSignal.any([signal, AbortSignal.timeout(ttwS * 1000)]);
    const position = await queues.position({ queueId, head: () => repository.readHead() });
    const record = await nextRecord({ subscription, repository, position, wait });
    // A client that went away is not answered, so its position stays for the next request.
    if (signal.aborted) return { kind: "record", record: null };
    await queues.save({ queueId, position: record?.sequence ?? position });
    return { kind: "record", record };
  } finally {
    subscription.close();
    await release();
  }
}
