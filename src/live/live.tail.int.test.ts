/**
 * The live tail against real PostgreSQL and Redis: every stored killmail is handed on once, in sequence order,
 * whatever the events say — doubled, out of order, or missing altogether (the poll catches up).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { createLogger } from "../app/log.ts";
import { killmailEventKeys } from "../ingest/killmail.events.ts";
import { parseKillmailInput } from "../killmails/killmail.schemas.ts";
import { createKillmailProcessor } from "../killmails/killmail.usecases.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { waitFor } from "../../test/support/processes.ts";
import { createLiveRepository } from "./live.repository.ts";
import { startLiveTail } from "./live.tail.ts";
import type { LiveRecord } from "./live.types.ts";

const FIXTURE = join(import.meta.dir, "../../test/fixtures/killmails.jsonl");
const inputs = readFileSync(FIXTURE, "utf8").split("\n").filter(Boolean).slice(0, 30)
  .map((line) => parseKillmailInput({ json: JSON.parse(line), source: "import", firstSeenAt: new Date() }));

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
beforeAll(async () => {
  [db, redis] = await Promise.all([createTestDatabase(), Promise.resolve(createTestRedis({ name: "live-tail" }))]);
});
afterAll(async () => {
  await Promise.all([db.drop(), redis.drop()]);
});

test("records arrive once each, in sequence order, with a doubled, a backwards and a missing event, and carry their filters' data", async () => {
  const processor = await createKillmailProcessor({ sql: db.sql });
  const repository = createLiveRepository({ sql: db.sql });
  const { channel } = killmailEventKeys({ prefix: redis.prefix });
  const subscriber = new Redis(redis.url);
  const received: LiveRecord[] = [];
  const tail = await startLiveTail({ repository, subscriber, channel, logger: createLogger({ config: { LOG_LEVEL: "error", LOG_FORMAT: "json" }, tag: "test" }), pollMs: 300, batch: 7, onRecords: (records) => received.push(...records) });
  try {
    await processor.storeKillmails({ inputs: inputs.slice(0, 10) });
    // An event naming a number already handed on, then one ahead of the head: only a read after the head follows.
    await redis.redis.publish(channel, JSON.stringify({ sequence: 10 }));
    await redis.redis.publish(channel, JSON.stringify({ sequence: 10 }));
    await waitFor({ check: async () => received.length >= 10, timeoutMs: 5_000, what: "the first 10" });
    // No event at all for the next 20: the poll finds them.
    await processor.storeKillmails({ inputs: inputs.slice(10, 20) });
    await processor.storeKillmails({ inputs: inputs.slice(20) });
    await waitFor({ check: async () => received.length >= 30, timeoutMs: 5_000, what: "all 30" });
    await redis.redis.publish(channel, "not json");
    await Bun.sleep(700);
  } finally {
    await tail.close();
    subscriber.disconnect();
  }
  expect(received.map((record) => record.sequence)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
  expect(received.map((record) => record.killmailId)).toEqual(inputs.map((input) => input.killmailId));
  expect(tail.head()).toBe(30);
  const first = received[0]!;
  const esi = JSON.parse(first.esiText);
  expect(esi.killmail_id).toBe(first.killmailId);
  expect(first.involvement.filter((entry) => entry.victim && entry.kind === "ship").map((entry) => entry.id)).toEqual([esi.victim.ship_type_id]);
  const attackers = new Set<number>(esi.attackers.flatMap((attacker: { character_id?: number }) => (attacker.character_id ? [attacker.character_id] : [])));
  expect(new Set(first.involvement.filter((entry) => !entry.victim && entry.kind === "character").map((entry) => entry.id))).toEqual(attackers);
  expect(first.zkb.hash).toBe(inputs[0]!.hash);
});

test("a tail started after a number replays from it; the head of an empty window is the last number given out", async () => {
  const repository = createLiveRepository({ sql: db.sql });
  expect(await repository.readHead()).toBe(30);
  expect((await repository.readRecordsAfter({ after: 25, limit: 100 })).map((record) => record.sequence)).toEqual([26, 27, 28, 29, 30]);
  expect(await repository.readFirstSince({ since: new Date(Date.now() + 60_000) })).toBeNull();
  expect(await repository.readFirstSince({ since: new Date(0) })).toBe(1);
});
