/**
 * The publication log all feeds read: R2Z2 sequences, RedisQ queues and the EVE-KILL sockets see the same
 * killmails in the same order. Invariant: a sequence number, once published, always names the same record.
 */
import { mixHash } from "../../killmails/killmail.synthetic.ts";
import type { EmulatorDataset, EmulatorRecord } from "./dataset.ts";
import { retimeRecord, spreadTimes } from "./retime.ts";

export type Published = { record: EmulatorRecord; sequence: number; uploadedAt: number };
export type PublishOrder = "time" | "shuffled";

// The real R2Z2 sample carries sequence 96695606 (UPSTREAMS a.4); start near it so numbers look familiar.
export const FIRST_SEQUENCE = 96_695_606;
// 9.queueSequences.php rewrites sequence.json only once the head moved more than 51 past it (UPSTREAMS a.4).
export const SEQUENCE_LAG = 51;

function orderRecords({ dataset, order, seed }: { dataset: EmulatorDataset; order: PublishOrder; seed: number }) {
  if (order === "time") return dataset.records;
  const keyed = dataset.records.map((record) => ({ record, key: mixHash(seed, record.killmail_id, 0x5f) }));
  return keyed.sort((a, b) => a.key - b.key).map((entry) => entry.record);
}

export function createFeed({ dataset, order = "time", seed = 1, firstSequence = FIRST_SEQUENCE, sequenceLag = SEQUENCE_LAG, now = Date.now, present = false }: {
  dataset: EmulatorDataset;
  order?: PublishOrder;
  seed?: number;
  firstSequence?: number;
  sequenceLag?: number;
  now?: () => number;
  /** `emulate --now`: each record takes the time it is published (retime.ts). */
  present?: boolean;
}) {
  const queue = orderRecords({ dataset, order, seed });
  // In the present, the archive holds what has happened: a kill enters the history files when it is published.
  if (present) dataset.days.clear();
  const published: Published[] = [];
  const publishedIds = new Map<number, Published>();
  const listeners = new Set<(entries: Published[]) => void>();
  let advertised = firstSequence;

  /** With `present`, the records take times spread over the `spanMs` before now (a backlog "from the last minutes"). */
  function publish({ count, spanMs = 0 }: { count: number; spanMs?: number }): Published[] {
    const entries: Published[] = [];
    const taking = Math.min(count, queue.length - published.length);
    const times = present ? spreadTimes({ count: taking, now: now(), spanMs }) : [];
    while (entries.length < taking) {
      const record = queue[published.length]!;
      if (present) retimeRecord({ dataset, record, at: times[entries.length]! });
      const entry = { record, sequence: firstSequence + published.length, uploadedAt: Math.floor(now() / 1000) };
      published.push(entry);
      publishedIds.set(entry.record.killmail_id, entry);
      entries.push(entry);
    }
    const head = headSequence();
    if (head !== null && (head - advertised > sequenceLag || published.length === entries.length)) advertised = head;
    if (entries.length) for (const listener of listeners) listener(entries);
    return entries;
  }

  function headSequence() {
    return published.length ? firstSequence + published.length - 1 : null;
  }

  return {
    publish,
    headSequence,
    /** What sequence.json says: lags the head by up to `sequenceLag`; before any publish, the first one to come. */
    advertisedSequence: () => advertised,
    atSequence: (sequence: number) => published[sequence - firstSequence],
    /** The entry at a position of the log (RedisQ queue positions), if published yet. */
    atIndex: (index: number): Published | undefined => published[index],
    publishedCount: () => published.length,
    remaining: () => queue.length - published.length,
    publishedById: (killmailId: number) => publishedIds.get(killmailId),
    onPublish(listener: (entries: Published[]) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type Feed = ReturnType<typeof createFeed>;
