import { expect, test } from "bun:test";
import { MINUTE_MS } from "../app/time.ts";
import { createMetrics } from "../metrics/metrics.registry.ts";
import type { R2z2Client } from "../upstream/r2z2.client.ts";
import type { FeedEntry, ListenerPort } from "../upstream/feed.listener.ts";
import { createR2z2Progress, FEED_STALL_MS, judgeR2z2Progress } from "./feed.progress.ts";

/** A port over arrays and a client over a map of published entries, with a clock the test moves. */
function setup({ head, published }: { head: number; published: Record<number, number> }) {
  const clock = { now: 1_000_000 };
  const accepted: FeedEntry[] = [];
  const port: ListenerPort = {
    cursor: async () => null, saveCursor: async () => {}, has: async (id) => id === 7, accept: async (entry) => void accepted.push(entry), reject: async () => {},
  };
  const client = {
    fetchHeadSequence: async () => head,
    fetchSequence: async ({ sequence }: { sequence: number }) =>
      sequence in published ? { kind: "entry" as const, json: { killmail_id: sequence, uploaded_at: published[sequence] } } : { kind: "missing" as const },
  } as unknown as R2z2Client;
  const metrics = createMetrics({ role: "test" });
  const progress = createR2z2Progress({ client, port, metrics: metrics.feed, now: () => clock.now });
  return { clock, accepted, progress, metrics };
}

test("the cursor's lag is the head past it and the age of the entry it stands on", async () => {
  const { clock, progress } = setup({ head: 105, published: { 100: 900, 101: 960 } });
  await progress.client.fetchSequence({ sequence: 100 });
  await progress.client.fetchSequence({ sequence: 101 });
  await progress.port.saveCursor("101");
  const state = await progress.read();
  expect(state).toMatchObject({ cursor: 101, head: 105, cursorUploadedAt: 960, advancedAt: clock.now });
});

test("a fetched entry beyond sequence.json's lagging head raises the head", async () => {
  const { progress } = setup({ head: 90, published: { 100: 900 } });
  await progress.client.fetchSequence({ sequence: 100 });
  expect((await progress.read()).head).toBe(100);
});

test("hand-offs are counted by outcome on the feed's counter", async () => {
  const { progress, metrics } = setup({ head: 1, published: {} });
  await progress.port.has(7);
  await progress.port.accept({ killmailId: 8, hash: null, source: "r2z2", firstSeenAt: new Date() });
  await progress.port.reject({ source: "r2z2", position: "9", reason: "bad" });
  const counts = (await metrics.registry.getSingleMetric("killboard_feed_entries_total")!.get()).values.map((v) => [v.labels.outcome, v.value]);
  expect(Object.fromEntries(counts)).toEqual({ known: 1, accepted: 1, rejected: 1 });
});

test("a listener stalled behind the head for longer than the limit is not ready, and says why", async () => {
  const { clock, progress } = setup({ head: 200, published: {} });
  await progress.port.saveCursor("150");
  await progress.ensureAdvancing();
  clock.now += FEED_STALL_MS + MINUTE_MS;
  await expect(progress.ensureAdvancing()).rejects.toThrow("cursor 150 has not moved for 6 min while R2Z2's head is at 200");
});

test("a caught-up cursor that has not moved is ready: the source has nothing new", () => {
  const quiet = { cursor: 200, head: 180, cursorUploadedAt: null, advancedAt: 0 };
  expect(judgeR2z2Progress({ progress: quiet, now: 10 * FEED_STALL_MS })).toEqual({ ready: true });
  const unknownHead = { ...quiet, head: null };
  expect(judgeR2z2Progress({ progress: unknownHead, now: 10 * FEED_STALL_MS })).toEqual({ ready: true });
  const neverMoved = { ...quiet, cursor: null, head: 5 };
  expect(judgeR2z2Progress({ progress: neverMoved, now: 10 * FEED_STALL_MS }).ready).toBe(false);
});
