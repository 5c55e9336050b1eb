import { expect, test } from "bun:test";
import { readEkwsFrame } from "./ekws.listener.ts";

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
