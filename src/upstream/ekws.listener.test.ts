import { expect, setSystemTime, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import { waitFor } from "../../test/support/processes.ts";
import { readEkwsFrame, runEkwsListener } from "./ekws.listener.ts";
import { createRejectionPositions, type FeedRejection, type ListenerPort } from "./feed.listener.ts";

const now = new Date("2026-11-23T00:00:00Z");
const hash = "cd".repeat(20);

test("answers the current server's welcome with an action subscribe and the legacy one with a type subscribe", () => {
  expect(readEkwsFrame({ text: JSON.stringify({ type: "welcome", endpoint: "/ws/killmails" }), topics: ["all"], now }).reply).toEqual({ action: "subscribe", topics: ["all"] });
  expect(readEkwsFrame({ text: JSON.stringify({ type: "info", data: {} }), topics: ["solo"], now }).reply).toEqual({ type: "subscribe", topics: ["solo"] });
});

test("takes id and hash from both protocols' killmail frames", () => {
  const current = readEkwsFrame({ text: JSON.stringify({ channel: "killmails", data: { event: "killmail", killmail_id: 5, killmail_hash: hash } }), topics: [], now });
  const legacy = readEkwsFrame({ text: JSON.stringify({ type: "killmail", data: { killmail_id: 6, killmail_hash: hash.toUpperCase() } }), topics: [], now });
  expect(current.entry).toEqual({ killmailId: 5, hash, source: "ekws", firstSeenAt: now });
  expect(legacy.entry?.hash).toBe(hash);
});

test("rejects a killmail frame without a usable hash and ignores everything else", () => {
  expect(readEkwsFrame({ text: JSON.stringify({ channel: "killmails", data: { killmail_id: 5 } }), topics: [], now }).rejected).toMatch(/killmail_hash/);
  expect(readEkwsFrame({ text: "not json", topics: [], now })).toEqual({});
  expect(readEkwsFrame({ text: JSON.stringify({ type: "pong" }), topics: [], now })).toEqual({});
});

test("rejection positions never repeat, even at the same millisecond with the same random draw", () => {
  const next = createRejectionPositions({ now: () => 1, random: () => 0.5 });
  const other = createRejectionPositions({ now: () => 1 });
  const positions = [next(), next(), other(), other()];
  expect(new Set(positions).size).toBe(4);
  expect(positions.every((position) => /^[\w.-]+$/.test(position))).toBe(true);
});

test("two frames rejected within one millisecond get distinct positions, so BullMQ keeps both rejection jobs", async () => {
  const rejections: FeedRejection[] = [];
  const port: ListenerPort = {
    cursor: async () => null, saveCursor: async () => {}, has: async () => false, accept: async () => {},
    reject: async (rejection) => void rejections.push(rejection),
  };
  const bad = JSON.stringify({ channel: "killmails", data: { killmail_id: 5 } });
  const server = Bun.serve({
    port: 0,
    fetch: (request, upgrade) => (upgrade.upgrade(request) ? undefined : new Response("no", { status: 400 })),
    websocket: { open: (socket) => void (socket.send(bad), socket.send(bad)), message: () => {} },
  });
  const controller = new AbortController();
  const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "ekws-test" });
  setSystemTime(now);
  try {
    const listening = runEkwsListener({ url: `ws://127.0.0.1:${server.port}`, topics: ["all"], port, logger, signal: controller.signal });
    await waitFor({ check: async () => rejections.length >= 2, timeoutMs: 5_000, intervalMs: 20, what: "two rejections" }).finally(() => controller.abort());
    await listening;
  } finally {
    setSystemTime();
    await server.stop(true);
  }
  expect(rejections).toHaveLength(2);
  expect(new Set(rejections.map((rejection) => rejection.position)).size).toBe(2);
});
