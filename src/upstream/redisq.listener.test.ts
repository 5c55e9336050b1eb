import { expect, setSystemTime, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import type { FeedRejection, ListenerPort } from "./feed.listener.ts";
import type { RedisqAnswer } from "./redisq.client.ts";
import { runRedisqListener, toRedisqEntry } from "./redisq.listener.ts";

const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "redisq-test" });

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

test("two packages rejected within one millisecond get distinct positions, so BullMQ keeps both rejection jobs", async () => {
  const rejections: FeedRejection[] = [];
  const port: ListenerPort = {
    cursor: async () => null, saveCursor: async () => {}, has: async () => false, accept: async () => {},
    reject: async (rejection) => void rejections.push(rejection),
  };
  const controller = new AbortController();
  const answers: RedisqAnswer[] = [{ kind: "package", json: { killID: 1, zkb: {} } }, { kind: "package", json: { killID: 2, zkb: {} } }];
  const client = {
    async listen() {
      if (!answers.length) controller.abort();
      return answers.shift() ?? { kind: "empty" as const };
    },
  };
  setSystemTime(now);
  try {
    await runRedisqListener({ client, port, logger, signal: controller.signal, minIntervalMs: 0 });
  } finally {
    setSystemTime();
  }
  expect(rejections).toHaveLength(2);
  expect(new Set(rejections.map((rejection) => rejection.position)).size).toBe(2);
});
