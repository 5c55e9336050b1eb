import { expect, test } from "bun:test";
import type { LiveRecord } from "../live/live.types.ts";
import { createLiveHub } from "./feeds.hub.ts";

/** A hub over a hand-driven tail: `push` is what the live tail would hand on. */
function createDrivenHub({ head = 0, maxBuffered = 3 } = {}) {
  let push: (records: LiveRecord[]) => void = () => {};
  const hub = createLiveHub({
    maxBuffered,
    startTail: async ({ onRecords }) => ((push = onRecords), { head: () => head, close: async () => {} }),
  });
  const records = (...sequences: number[]) => sequences.map((sequence) => ({ sequence }) as LiveRecord);
  return { hub, push: (...sequences: number[]) => push(records(...sequences)) };
}

const signal = new AbortController().signal;

test("a subscription starts where the tail is and receives every later record in order", async () => {
  const { hub, push } = createDrivenHub({ head: 41 });
  const subscription = await hub.subscribe();
  expect(subscription.since).toBe(41);
  push(42, 43);
  push(44);
  expect((await subscription.take({ signal })).map((r) => r.sequence)).toEqual([42, 43, 44]);
  const later = await hub.subscribe();
  expect(later.since).toBe(44);
});

test("a subscriber that falls more than maxBuffered records behind is cut off; the others keep receiving", async () => {
  const { hub, push } = createDrivenHub({ maxBuffered: 3 });
  let cutOff = 0;
  const slow = await hub.subscribe({ onOverflow: () => cutOff++ });
  const fast = await hub.subscribe();
  push(1, 2);
  expect((await fast.take({ signal })).length).toBe(2);
  push(3, 4);
  expect(slow.overflowed).toBe(true);
  expect(cutOff).toBe(1);
  expect(await slow.take({ signal })).toEqual([]);
  expect(hub.count()).toBe(1);
  expect((await fast.take({ signal })).map((r) => r.sequence)).toEqual([3, 4]);
});

test("take waits for the next record and gives up empty when its signal aborts", async () => {
  const { hub, push } = createDrivenHub();
  const subscription = await hub.subscribe();
  const waiting = subscription.take({ signal });
  push(1);
  expect((await waiting).map((r) => r.sequence)).toEqual([1]);
  const stop = new AbortController();
  const abandoned = subscription.take({ signal: stop.signal });
  stop.abort();
  expect(await abandoned).toEqual([]);
});
