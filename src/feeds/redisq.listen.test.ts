import { expect, test } from "bun:test";
import type { LiveRepository } from "../live/live.repository.ts";
import type { LiveRecord } from "../live/live.types.ts";
import { createLiveHub } from "./feeds.hub.ts";
import { listenForRecord } from "./redisq.listen.ts";
import type { RedisqQueues } from "./redisq.queues.ts";

const record = (sequence: number) => ({ sequence }) as LiveRecord;

/** A hub over a hand-driven tail at `head`, a store holding 1..head that counts its reads, queues in a Map. */
function createListening({ head }: { head: number }) {
  let push: (records: LiveRecord[]) => void = () => {};
  const hub = createLiveHub({ startTail: async ({ onRecords }) => ((push = onRecords), { head: () => head, close: async () => {} }) });
  const reads: number[] = [];
  const repository = {
    readHead: async () => head,
    readRecordsAfter: async ({ after }: { after: number }) => (reads.push(after), after < head ? [record(after + 1)] : []),
  } as unknown as LiveRepository;
  const positions = new Map<string, number>();
  const queues = {
    lock: async () => async () => {},
    position: async ({ queueId }: { queueId: string }) => positions.get(queueId) ?? head,
    save: async ({ queueId, position }: { queueId: string; position: number }) => void positions.set(queueId, position),
  } as unknown as RedisqQueues;
  const listen = (queueId: string) => listenForRecord({ hub, repository, queues, queueId, ttwS: 5, signal: new AbortController().signal });
  return { hub, reads, positions, listen, push: (...sequences: number[]) => push(sequences.map(record)) };
}

test("clients waiting at the head are answered from the hub's records, without a PostgreSQL read per client", async () => {
  const { hub, reads, positions, listen, push } = createListening({ head: 10 });
  await hub.subscribe(); // the tail starts once, at the head
  const waiting = ["a", "b", "c"].map((queueId) => listen(queueId));
  await Bun.sleep(20);
  push(11, 12);
  const answers = await Promise.all(waiting);
  expect(answers.map((answer) => answer.kind === "record" && answer.record?.sequence)).toEqual([11, 11, 11]);
  expect(reads).toEqual([]);
  expect(positions.get("a")).toBe(11);
});

test("a queue behind what the subscription covers is answered from PostgreSQL, then follows the hub", async () => {
  const { reads, positions, listen, push } = createListening({ head: 10 });
  positions.set("late", 7);
  expect(await listen("late")).toEqual({ kind: "record", record: record(8) });
  expect(reads).toEqual([7]);
  positions.set("late", 10);
  const next = listen("late");
  await Bun.sleep(20);
  push(11);
  expect(await next).toEqual({ kind: "record", record: record(11) });
  expect(reads).toEqual([7]);
});
