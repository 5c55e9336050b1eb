import { afterEach, expect, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import { startTestEmulator, type TestEmulator } from "./emulator/emulator.testing.ts";
import { FIRST_SEQUENCE } from "./emulator/feed.ts";
import type { FeedEntry, ListenerPort } from "./feed.listener.ts";
import { createR2z2Client } from "./r2z2.client.ts";
import { runR2z2Listener } from "./r2z2.listener.ts";

const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });
const BACKLOG = 30;

let sandbox: TestEmulator | undefined;
afterEach(() => sandbox?.stop());

/** An in-memory port that calls `onCaughtUp` once the cursor reaches `last`. */
function watchedPort({ last, onCaughtUp }: { last: number; onCaughtUp: () => void }) {
  const accepted: FeedEntry[] = [];
  let cursor: string | null = null;
  const port: ListenerPort = {
    cursor: async () => cursor,
    async saveCursor(value) {
      cursor = value;
      if (Number(value) >= last) onCaughtUp();
    },
    has: async () => false,
    accept: async (entry) => void accepted.push(entry),
    reject: async () => {},
  };
  return { port, accepted };
}

/** Catches up a backlog from R2Z2 limited to 20 requests/s, the client believing the cap is `clientCap`. */
async function catchUp({ clientCap, atHead = async () => {}, waitOn404Ms = 50 }: { clientCap: number; atHead?: () => Promise<void>; waitOn404Ms?: number }) {
  sandbox = await startTestEmulator({ options: { backlog: BACKLOG, r2z2RequestsPerSecond: 20 } });
  const controller = new AbortController();
  const { port, accepted } = watchedPort({ last: FIRST_SEQUENCE + BACKLOG - 1, onCaughtUp: () => void atHead().then(() => controller.abort()) });
  const client = createR2z2Client({ baseUrl: sandbox.server.r2z2, userAgent: "killboard-test", maxRequestsPerS: clientCap });
  await runR2z2Listener({ client, port, logger, signal: controller.signal, fromSequence: FIRST_SEQUENCE, waitOn404Ms, backoffBaseMs: 10 });
  const statuses = sandbox.emulator.stats().byUpstreamStatus;
  const backlogIds = Array.from({ length: BACKLOG }, (_, i) => sandbox!.emulator.context.feed.atIndex(i)!.record.killmail_id);
  const count = (status: number) => statuses[`r2z2 ${status}`] ?? 0;
  return { accepted: accepted.map((entry) => entry.killmailId), backlogIds, served: count(200), limited: count(429), missing: count(404) };
}

test("a catch-up paced for R2Z2's 20 requests/s fetches each record once and every record lands once", async () => {
  const { accepted, backlogIds, served } = await catchUp({ clientCap: 20 });
  expect(accepted.toSorted()).toEqual(backlogIds.toSorted());
  expect(served).toBe(BACKLOG);
});

test("a client set above R2Z2's cap gets 429s, and asks again only for the sequences they refused", async () => {
  const { accepted, backlogIds, served, limited } = await catchUp({ clientCap: 25 });
  expect(limited).toBeGreaterThan(0);
  expect(accepted.toSorted()).toEqual(backlogIds.toSorted());
  expect(served).toBe(BACKLOG);
});

test("at the head, the requests queued behind the first 404 are withdrawn before they are sent", async () => {
  const misses = () => sandbox!.emulator.stats().byUpstreamStatus["r2z2 404"] ?? 0;
  // Stays at the head for 300 ms of a 1 s poll: 6 more requests would have left at 20/s.
  const atHead = async () => {
    while (misses() === 0) await Bun.sleep(10);
    await Bun.sleep(300);
  };
  const { served, missing } = await catchUp({ clientCap: 20, atHead, waitOn404Ms: 1_000 });
  expect(served).toBe(BACKLOG);
  expect(missing).toBeLessThanOrEqual(2);
});
