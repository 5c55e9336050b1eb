import { describe, expect, test } from "bun:test";
import { mixHash } from "../killmails/killmail.synthetic.ts";
import { createRequestPacer } from "./request.pacer.ts";

const CAP = 20;

/**
 * Virtual time: `sleep` registers a timer, `run` fires timers in order (each `lateMs` late, like a busy event
 * loop), letting every promise settle in between. Nothing waits for real.
 */
function virtualTime({ lateMs = () => 0 }: { lateMs?: (draw: number) => number } = {}) {
  let time = 10_000;
  let draws = 0;
  const timers: { at: number; fire: () => void }[] = [];
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    now: () => time,
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve) => {
        timers.push({ at: time + Math.max(0, ms) + lateMs(draws++), fire: resolve });
        signal?.addEventListener("abort", () => resolve(), { once: true });
      }),
    async run<T>(work: Promise<T>) {
      let finished = false;
      void work.finally(() => (finished = true));
      for (await settle(); !finished; await settle()) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (!next) throw new Error("deadlock: nothing left to wait for");
        time = Math.max(time, next.at);
        next.fire();
      }
      return work;
    },
  };
}

type Clock = ReturnType<typeof virtualTime>;

/**
 * `count` requests through the pacer. The provider stamps each one `handledAfterMs(i)` after it was sent and
 * its answer arrives 1 ms after that; returns what the provider saw and when each request left.
 */
function sendAll({ count, clock, pacer, handledAfterMs = () => 0 }: { count: number; clock: Clock; pacer: ReturnType<typeof createRequestPacer>; handledAfterMs?: (index: number) => number }) {
  return clock.run(Promise.all(Array.from({ length: count }, async (_, index) => {
    const { answered } = await pacer.take();
    const sentAt = clock.now();
    const stampedAt = sentAt + handledAfterMs(index);
    await clock.sleep(stampedAt + 1 - sentAt);
    answered();
    return { sentAt, stampedAt };
  })));
}

const busiestSecond = (times: number[]) => Math.max(...times.map((end) => times.filter((time) => time > end - 1000 && time <= end).length));
const perSecond = (times: number[]) => ((times.length - 1) / (Math.max(...times) - Math.min(...times))) * 1000;

describe("request pacer", () => {
  test("the provider never sees more than the cap in a second, even when it handles requests up to 150 ms late", async () => {
    const clock = virtualTime({ lateMs: (draw) => mixHash(7, draw, 1) % 21 });
    const pacer = createRequestPacer({ maxPerS: CAP, now: clock.now, sleep: clock.sleep });
    const requests = await sendAll({ count: 400, clock, pacer, handledAfterMs: (index) => mixHash(5, index, 2) % 151 });
    expect(busiestSecond(requests.map((request) => request.stampedAt))).toBeLessThanOrEqual(CAP);
  });

  test("late timers do not slow the pace: with quick answers a steady stream stays within 2% of the cap", async () => {
    const clock = virtualTime({ lateMs: (draw) => mixHash(3, draw, 1) % 6 });
    const pacer = createRequestPacer({ maxPerS: CAP, now: clock.now, sleep: clock.sleep });
    const requests = await sendAll({ count: 400, clock, pacer });
    expect(perSecond(requests.map((request) => request.sentAt))).toBeGreaterThan(CAP * 0.98);
    expect(busiestSecond(requests.map((request) => request.stampedAt))).toBeLessThanOrEqual(CAP);
  });

  test("a pause holds every later grant until it ends", async () => {
    const clock = virtualTime();
    const pacer = createRequestPacer({ maxPerS: CAP, now: clock.now, sleep: clock.sleep });
    await sendAll({ count: 1, clock, pacer });
    const pausedAt = clock.now();
    pacer.pause(3_000);
    const requests = await sendAll({ count: 3, clock, pacer });
    expect(requests.every((request) => request.sentAt >= pausedAt + 3_000)).toBe(true);
  });

  test("a request withdrawn before its turn is not granted and costs the next one no wait", async () => {
    const clock = virtualTime();
    const pacer = createRequestPacer({ maxPerS: CAP, now: clock.now, sleep: clock.sleep });
    const [first] = await sendAll({ count: 1, clock, pacer });
    const withdraw = new AbortController();
    withdraw.abort();
    const withdrawn = await clock.run(pacer.take({ withdraw: withdraw.signal }));
    const [next] = await sendAll({ count: 1, clock, pacer });
    expect(withdrawn.granted).toBe(false);
    expect(next!.sentAt - first!.sentAt).toBeLessThan((1000 / CAP) * 1.5);
  });
});
