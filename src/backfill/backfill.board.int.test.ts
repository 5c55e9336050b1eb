/**
 * `killboard backfill board` against the emulator's zKillboard API: it queues the board's history and nothing
 * else, the workers store exactly the kills involving the entities, and a rerun finds them all stored. The cron
 * reconciliation of a board walks the same history instead of zKillboard's daily totals of every kill.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import { startWorkService } from "../ingest/work.service.ts";
import { loadEmulatorDataset } from "../upstream/emulator/dataset.ts";
import { startTestEmulator, type TestEmulator } from "../upstream/emulator/emulator.testing.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { chooseBoard, createPartitionsFor, listStoredIds } from "../../test/support/board.ts";
import { runRole, waitFor } from "../../test/support/processes.ts";
import { createQueues } from "../queue/queue.client.ts";
import { createRedisClient } from "../redis/redis.client.ts";

const logger = createLogger({ config: { LOG_LEVEL: "error", LOG_FORMAT: "pretty" }, tag: "board-backfill-test" });
const killmail = { name: "killmail", maxTokens: 1_000_000, windowMs: 900_000, label: "1000000/15m" };

let upstream: TestEmulator;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;

beforeAll(async () => {
  const dataset = await loadEmulatorDataset({ synthetic: 3_000, includeReal: false, startDate: "2026-11-01", endDate: "2026-11-07" });
  upstream = await startTestEmulator({ dataset, options: { esiBuckets: { killmail } } });
  db = await createTestDatabase();
  redis = createTestRedis({ name: "board-backfill" });
  await createPartitionsFor({ sql: db.sql, dataset });
});

afterAll(async () => {
  await upstream?.stop();
  await redis?.drop();
  await db?.drop();
});

const envFor = (board?: string) => ({
  DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, R2Z2_BASE_URL: upstream.server.r2z2,
  ESI_BASE_URL: upstream.server.esi, ZKILLBOARD_API_URL: upstream.server.zkbApi, ...(board ? { BOARD_ENTITIES: board } : {}),
});

test("the emulator's zKillboard API pages an entity's kills and losses newest first, then answers an empty page", async () => {
  const board = chooseBoard({ dataset: upstream.emulator.context.dataset });
  const alliance = board.env.split(",")[0]!.split(":")[1];
  const first = (await (await upstream.get(`/api/allianceID/${alliance}/page/1/`)).json()) as { killmail_id: number; zkb: { hash: string } }[];
  const ids = first.map((entry) => entry.killmail_id);
  expect(ids.length).toBeGreaterThan(0);
  expect(ids).toEqual([...ids].sort((a, b) => b - a));
  expect(first[0]!.zkb.hash).toBe(upstream.emulator.context.dataset.byId.get(ids[0]!)!.hash);
  expect(await (await upstream.get(`/api/allianceID/${alliance}/page/2/`)).json()).toEqual([]);
});

test("backfill board queues only the board's history; the workers store exactly its kills; a rerun finds them stored", async () => {
  const board = chooseBoard({ dataset: upstream.emulator.context.dataset });
  expect(board.offBoard).toBeGreaterThan(100);
  const service = await startWorkService({
    sql: db.sql, redisUrl: redis.url, esiBaseUrl: upstream.server.esi, userAgent: "killboard-test", prefix: redis.prefix,
    concurrency: 16, queueNames: ["killmails"], logger,
  });
  try {
    const first = await runRole({ args: ["backfill", "board"], env: envFor(board.env) });
    expect({ exitCode: first.exitCode, line: first.output.trim().split("\n").at(-1) }).toEqual({
      exitCode: 0, line: `backfill board ${board.env}: ${board.expected.length} queued, 0 already stored, 0 rejected`,
    });
    await waitFor({ check: async () => (await listStoredIds({ sql: db.sql })).length >= board.expected.length, timeoutMs: 60_000, what: `${board.expected.length} stored` });
  } finally {
    await service.close();
  }
  expect(await listStoredIds({ sql: db.sql })).toEqual(board.expected);
  const again = await runRole({ args: ["backfill", "board"], env: envFor(board.env) });
  expect(again.output.trim().split("\n").at(-1)).toBe(`backfill board ${board.env}: 0 queued, ${board.expected.length} already stored, 0 rejected`);
}, 120_000);

test("backfill board without BOARD_ENTITIES, and backfill zkillboard with it, each refuse in one line", async () => {
  const unset = await runRole({ args: ["backfill", "board"], env: envFor() });
  expect(unset.exitCode).toBe(1);
  expect(unset.output).toContain("BOARD_ENTITIES is not set");
  const daily = await runRole({ args: ["backfill", "zkillboard", "--start-date", "2026-11-01", "--end-date", "2026-11-02"], env: envFor("corporation:98000001") });
  expect(daily.exitCode).toBe(1);
  expect(daily.output).toContain("use `killboard backfill board`");
});

test("a board's hourly reconciliation queues the missing kills of its entities' newest page, not the day's every kill", async () => {
  const board = chooseBoard({ dataset: upstream.emulator.context.dataset });
  const [fresh, queue] = [await createTestDatabase(), createTestRedis({ name: "board-reconcile" })];
  try {
    const env = { ...envFor(board.env), DATABASE_URL: fresh.url, QUEUE_PREFIX: queue.prefix };
    const run = await runRole({ args: ["cron", "run", "reconcile"], env });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.output.trim().split("\n").at(-1)!)).toMatchObject({ job: "reconcile", outcome: "succeeded", counts: { handedOff: board.expected.length, skipped: 0 } });
    const producer = createRedisClient({ url: queue.url, purpose: "producer" });
    const queues = createQueues({ connection: producer, prefix: queue.prefix });
    const jobs = await queues.killmails.getJobs(["prioritized", "waiting"]);
    expect(jobs.map((job) => job.data.killmailId).sort((a: number, b: number) => a - b)).toEqual(board.expected);
    await queues.close();
    await producer.quit();
  } finally {
    await queue.drop();
    await fresh.drop();
  }
});
