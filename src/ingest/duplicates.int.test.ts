/**
 * The same killmails arrive through R2Z2, RedisQ and both EVE-KILL socket protocols at once (four listener
 * processes, one worker process): each is stored exactly once, and enrichment fills the entities they named.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { killmailEventKeys, readKillmailEventsAfter } from "./killmail.events.ts";
import { loadEmulatorDataset } from "../upstream/emulator/dataset.ts";
import { createEmulator } from "../upstream/emulator/emulator.ts";
import { FIRST_SEQUENCE } from "../upstream/emulator/feed.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { spawnRole, waitFor, type RoleProcess } from "../../test/support/processes.ts";

const PUBLISHED = 400;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
let emulator: Awaited<ReturnType<typeof createEmulator>>;
let server: Awaited<ReturnType<Awaited<ReturnType<typeof createEmulator>>["start"]>>;
const roles: RoleProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis({ name: "duplicates" });
  const dataset = await loadEmulatorDataset({ synthetic: PUBLISHED, startDate: "2026-11-01", endDate: "2026-11-02" });
  emulator = await createEmulator({ dataset, options: { r2z2RequestsPerSecond: 100_000, timings: { redisqSecondMs: 50, redisqRedirectDelayMs: [0, 0] } } });
  server = await emulator.start({ port: 0 });
});

afterAll(async () => {
  await Promise.all(roles.map((role) => role.kill("SIGKILL")));
  await server?.stop();
  await redis?.drop();
  await db?.drop();
});

const count = async (query: Promise<{ count: number }[]>) => (await query)[0]!.count;

test("a killmail seen by R2Z2, RedisQ and EVE-KILL at once is stored once", async () => {
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, R2Z2_BASE_URL: server.r2z2, REDISQ_URL: server.redisq, ESI_BASE_URL: server.esi, REDISQ_QUEUE_ID: "dup-test" };
  roles.push(spawnRole({ args: ["work", "--concurrency", "8"], env }));
  roles.push(spawnRole({ args: ["listen", "r2z2", "--from-sequence", String(FIRST_SEQUENCE), "--wait-on-404-ms", "100", "--max-requests-per-s", "1000"], env }));
  roles.push(spawnRole({ args: ["listen", "redisq", "--ttw", "1", "--min-interval-ms", "0"], env }));
  roles.push(spawnRole({ args: ["listen", "ekws"], env: { ...env, EKWS_URL: server.ekws } }));
  roles.push(spawnRole({ args: ["listen", "ekws", "--topics", "all"], env: { ...env, EKWS_URL: server.ekwsLegacy } }));
  // RedisQ and the sockets only see kills published after they connected.
  await waitFor({ check: async () => emulator.stats().websocket.connections >= 2 && (emulator.stats().byUpstream.redisq ?? 0) >= 1, timeoutMs: 20_000, what: "listeners connected" });
  await Bun.sleep(500);
  const total = emulator.context.dataset.records.length;
  for (let published = 0; published < total; published += 100) {
    emulator.publish(100);
    await Bun.sleep(100);
  }
  await waitFor({ check: async () => (await count(db.sql`select count(*)::int as count from killmail_ids`)) >= total, timeoutMs: 60_000, what: `${total} stored` });
  const head = String(FIRST_SEQUENCE + total - 1);
  await waitFor({ check: async () => (await db.sql`select 1 from feed_cursors where feed = 'r2z2' and cursor = ${head}`).length === 1, timeoutMs: 60_000, what: "R2Z2 cursor at the head" });
  await Bun.sleep(500);
  const [row] = await db.sql<{ rows: number; distinct: number }[]>`select count(*)::int as rows, count(distinct killmail_id)::int as distinct from killmails`;
  expect(row).toEqual({ rows: total, distinct: total });
  // Every feed really delivered every kill: RedisQ served each object, both sockets sent each frame.
  const stats = emulator.stats();
  expect(stats.byRoute["GET /object.php"] ?? 0).toBeGreaterThanOrEqual(total);
  expect(stats.websocket.framesSent).toBeGreaterThanOrEqual(2 * total);
  expect(stats.byUpstream.r2z2 ?? 0).toBeGreaterThanOrEqual(total);
  // Outcome counters are flushed once a second; the stored ones must add up to exactly one per killmail.
  const storedOutcomes = () => count(db.sql`select coalesce(sum(count), 0)::int as count from ingest_outcomes where outcome = 'stored'`);
  await waitFor({ check: async () => (await storedOutcomes()) >= total, timeoutMs: 5_000, what: "outcome counters flushed" });
  expect(await storedOutcomes()).toBe(total);
  // One `killmail` event per stored killmail on the capped stream; a client resumes after any id it saw.
  const { stream } = killmailEventKeys({ prefix: redis.prefix });
  const events = await readKillmailEventsAfter({ redis: redis.redis, afterId: "0-0", count: 10_000, stream });
  expect(new Set(events.map((event) => event.killmailId)).size).toBe(total);
  const resumed = await readKillmailEventsAfter({ redis: redis.redis, afterId: events[99]!.streamId, count: 10_000, stream });
  expect(resumed[0]!.streamId).toBe(events[100]!.streamId);
  await waitFor({ check: async () => (await count(db.sql`select count(*)::int as count from entities where name is not null`)) > 100, timeoutMs: 30_000, what: "entities enriched" });
}, 120_000);
