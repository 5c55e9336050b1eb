/**
 * A history day with bad entries still lands: a key that is not a killmail id, a malformed hash and a body
 * Postgres refuses are each rejected with their reason (logged, counted in ingest_outcomes), every other
 * killmail of the day is stored or queued, and the day is marked completed.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import { createQueues } from "../queue/queue.client.ts";
import { createRedisClient } from "../redis/redis.client.ts";
import { loadRealRecords, type EmulatorRecord } from "../upstream/emulator/dataset.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { backfillZkillboard } from "./backfill.service.ts";

const DAY = "2026-11-01";
const logger = createLogger({ config: { LOG_LEVEL: "warn", LOG_FORMAT: "pretty" }, tag: "bad-history" });
const warnings: string[] = [];
logger.setReporters([{ log: (entry) => void warnings.push(entry.args.join(" ")) }]);

let good: EmulatorRecord[];
let refused: EmulatorRecord;
let badHashRecord: EmulatorRecord;
let server: ReturnType<typeof Bun.serve>;
const cleanups: (() => Promise<void>)[] = [];

/** The three files of one day, as zKillboard's R2 serves them, with three bad entries among good ones. */
function createHistoryFiles(records: EmulatorRecord[]) {
  const [first, badHash, nul] = records as [EmulatorRecord, EmulatorRecord, EmulatorRecord];
  good = records.slice(3, 8);
  badHashRecord = badHash;
  // Valid to the killmail schema (unknown fields pass through), but jsonb cannot hold a NUL: SQLSTATE 22P05.
  refused = { ...nul, esi: { ...nul.esi, note: "nul \u0000 inside" } };
  const hashes: Record<string, string> = { abc: first.hash, [badHash.killmail_id]: "not-a-hash", [refused.killmail_id]: refused.hash };
  const bodies: Record<string, unknown> = { abc: first.esi, [badHash.killmail_id]: badHash.esi, [refused.killmail_id]: refused.esi };
  for (const record of good) {
    hashes[record.killmail_id] = record.hash;
    bodies[record.killmail_id] = record.esi;
  }
  return { hashes, bodies, listed: Object.keys(hashes).length };
}

beforeAll(async () => {
  const files = createHistoryFiles(await loadRealRecords());
  const key = DAY.replaceAll("-", "");
  const routes: Record<string, unknown> = {
    "/history/totals.json": { [key]: files.listed },
    [`/history/${key}.json`]: files.hashes,
    [`/history/raw/${key}.json`]: files.bodies,
  };
  server = Bun.serve({ port: 0, fetch: (request) => (new URL(request.url).pathname in routes ? Response.json(routes[new URL(request.url).pathname]) : new Response("Not Found", { status: 404 })) });
});

afterAll(async () => {
  await server?.stop(true);
  for (const cleanup of cleanups) await cleanup();
});

async function setup(name: string) {
  const db = await createTestDatabase();
  const redis = createTestRedis({ name });
  cleanups.push(() => redis.drop(), () => db.drop());
  warnings.length = 0;
  const run = (raw: boolean) => backfillZkillboard({
    sql: db.sql, logger, historyBaseUrl: server.url.href, userAgent: "killboard-test", redisUrl: redis.url, prefix: redis.prefix,
    startDate: DAY, endDate: DAY, raw,
  });
  const outcomes = async () => Object.fromEntries(
    (await db.sql<{ outcome: string; count: number; lastReason: string | null }[]>`
      select outcome, count, last_reason from ingest_outcomes where source = 'backfill'
    `).map((row) => [row.outcome, row.count]),
  );
  const completed = async () => (await db.sql<{ completedAt: Date | null }[]>`select completed_at from backfill_days where day = ${DAY}::date`)[0]?.completedAt;
  return { db, redis, run, outcomes, completed };
}

test("--raw stores the good killmails of a day and rejects a bad key, a bad hash and a body Postgres refuses", async () => {
  const { db, run, outcomes, completed } = await setup("bad-history-raw");
  const progress = await run(true);
  expect(progress).toMatchObject({ handedOff: good.length, rejected: 3, skipped: 0 });
  const stored = await db.sql<{ killmailId: number }[]>`select killmail_id from killmail_ids order by killmail_id`;
  expect(stored.map((row) => Number(row.killmailId))).toEqual(good.map((record) => record.killmail_id).sort((a, b) => a - b));
  expect(await outcomes()).toEqual({ stored: good.length, rejected: 3 });
  expect(warnings.sort()).toEqual([
    `backfill history ${DAY} key "${badHashRecord.killmail_id}" rejected: hash: expected 40 hex characters`,
    `backfill history ${DAY} key "abc" rejected: killmailId: expected a killmail id (a positive integer)`,
    expect.stringMatching(new RegExp(`^backfill killmail ${refused.killmail_id} rejected: database refused the killmail: .*SQLSTATE 22P05`)),
  ]);
  expect(await completed()).toBeInstanceOf(Date);
});

test("via ESI queues the good killmails of a day and rejects a bad key and a bad hash", async () => {
  const { redis, run, outcomes, completed } = await setup("bad-history-queue");
  const progress = await run(false);
  // The refused body is not known yet: the hash file is all a queued killmail has; its worker will reject it.
  expect(progress).toMatchObject({ handedOff: good.length + 1, rejected: 2, skipped: 0 });
  const producer = createRedisClient({ url: redis.url, purpose: "producer" });
  const queues = createQueues({ connection: producer, prefix: redis.prefix });
  try {
    const jobs = await queues.killmails.getJobs(["prioritized", "waiting"]);
    expect(jobs.map((job) => job.data.killmailId).sort()).toEqual([...good, refused].map((record) => record.killmail_id).sort());
  } finally {
    await queues.close();
    await producer.quit();
  }
  expect(await outcomes()).toEqual({ rejected: 2 });
  expect(warnings).toHaveLength(2);
  expect(await completed()).toBeInstanceOf(Date);
});
