import { expect, test } from "bun:test";
import { toRedisqEntry } from "./redisq.listener.ts";

const now = new Date("2026-11-23T00:00:00Z");
const hash = "145c457c34ce9c9e8d67e942e764d8f439b22271";

test("a zkb-only package becomes an entry without a body, to be fetched from ESI", () => {
  const result = toRedisqEntry({ json: { killID: 130678514, zkb: { hash, points: 13 } }, now });
  expect(result).toEqual({ entry: { killmailId: 130678514, hash, zkb: { hash, points: 13 }, source: "redisq", firstSeenAt: now } });
});

test("a pre-2025-12 package keeps its embedded killmail", () => {
  const result = toRedisqEntry({ json: { killID: 1, killmail: { killmail_id: 1 }, zkb: { hash } }, now });
  expect("entry" in result && result.entry.esi).toEqual({ killmail_id: 1 });
});

test("a package without a hash is rejected with the path", () => {
  expect(toRedisqEntry({ json: { killID: 1, zkb: {} }, now })).toEqual({ reason: "zkb.hash: Invalid input: expected string, received undefined" });
});
