import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { DAY_MS, toUtcDay } from "../app/time.ts";
import { createIngestRepository } from "../ingest/ingest.repository.ts";
import { createQueues, enqueueKillmails, LIVE_PRIORITY } from "../queue/queue.client.ts";
import { createRedisClient } from "../redis/redis.client.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { listHeartbeats, startHeartbeat } from "./heartbeat.ts";
import { createStatusUpstream } from "./status.upstream.ts";
import { readDeploymentStatus } from "./status.usecases.ts";
import { describeGaps } from "./status.format.ts";

const NOW = new Date();
const YESTERDAY = toUtcDay(new Date(NOW.getTime() - DAY_MS));

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const redis = createTestRedis({ name: "status" });
const producer = createRedisClient({ url: redis.url, purpose: "producer" });
const queues = createQueues({ connection: producer, prefix: redis.prefix });
// A zKillboard of our own on a free port: R2Z2's head and a totals file listing five kills yesterday.
const zkillboard = Bun.serve({
  port: 0,
  fetch: (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/ephemeral/sequence.json") return Response.json({ sequence: 1_130 });
    if (pathname === "/history/totals.json") return Response.json({ [YESTERDAY.replaceAll("-", "")]: 5 });
    return new Response("not found", { status: 404 });
  },
});
const upstream = createStatusUpstream({ baseUrl: zkillboard.url.href, userAgent: "killboard-test" });

beforeAll(async () => {
  db = await createTestDatabase({ max: 3 });
});
afterAll(async () => {
  zkillboard.stop(true);
  await queues.close();
  await producer.quit();
  await redis.drop();
  await db.drop();
});

const read = (overrides: { upstream?: typeof upstream; timeoutMs?: number; board?: { kind: "corporation"; id: number }[] } = {}) =>
  readDeploymentStatus({ sql: db.sql, redis: producer, prefix: redis.prefix, queues: Object.values(queues.byName), upstream, now: () => NOW, ...overrides });

describe("deployment status", () => {
  test("a running heartbeat is listed with its role and instance, and is gone once stopped", async () => {
    const heartbeat = startHeartbeat({ redis: producer, prefix: redis.prefix, role: "listen r2z2", instance: "machine-1:42" });
    await heartbeat.ready;
    const [beat] = (await read()).heartbeats;
    expect(beat).toMatchObject({ role: "listen r2z2", instance: "machine-1:42", pid: process.pid });
    expect(await redis.redis.pttl(heartbeat.key)).toBeGreaterThan(0);
    await heartbeat.stop();
    expect(await listHeartbeats({ redis: producer, prefix: redis.prefix })).toEqual([]);
  });

  test("queue counts reflect the jobs added", async () => {
    const job = (killmailId: number) => ({ killmailId, hash: "a".repeat(40), source: "manual" as const, firstSeenAt: NOW.toISOString() });
    await enqueueKillmails({ queue: queues.killmails, jobs: [job(1), job(2), job(2)], priority: LIVE_PRIORITY });
    const { queues: stats } = await read();
    const killmails = stats.find((entry) => entry.queue === "killmails")!;
    expect(killmails.counts.waiting + killmails.counts.prioritized).toBe(2);
    expect(killmails.counts.failed).toBe(0);
    expect(stats.find((entry) => entry.queue === "enrichment")!.counts.prioritized).toBe(0);
  });

  test("the R2Z2 cursor shows how far it is behind the advertised head", async () => {
    await createIngestRepository({ sql: db.sql }).saveCursor({ feed: "r2z2", cursor: "1100" });
    const [feed] = (await read()).feeds;
    expect(feed).toMatchObject({ feed: "r2z2", cursor: "1100", head: 1_130, behind: 30, headError: null });
  });

  test("a recent day with fewer stored kills than zKillboard's totals is a gap", async () => {
    const { gaps } = await read();
    expect(gaps.to).toBe(YESTERDAY);
    expect(gaps.summary).toMatchObject({ daysChecked: 30, gapDays: 1, gapRanges: [YESTERDAY], expected: 5, stored: 0 });
  });

  test("on a board the recent days are not compared with zKillboard's whole-game totals, and no day is called short", async () => {
    const { gaps } = await read({ board: [{ kind: "corporation", id: 98000001 }] });
    expect(gaps).toMatchObject({ to: YESTERDAY, summary: null, error: null, boardSize: 1 });
    expect(describeGaps({ gaps })).toContain("board of 1 entity (BOARD_ENTITIES): day counts are not compared with zKillboard's whole-game totals");
    expect(describeGaps({ gaps })).not.toContain("short");
  });

  test("an unreachable zKillboard makes the head and the gaps unknown, not the status", async () => {
    const closed = Bun.serve({ port: 0, fetch: () => new Response() });
    const unreachable = createStatusUpstream({ baseUrl: closed.url.href, userAgent: "killboard-test" });
    closed.stop(true);
    // The history client retries a refused connection until the deadline; a short one keeps this test quick.
    const status = await read({ upstream: unreachable, timeoutMs: 300 });
    expect(status.feeds[0]).toMatchObject({ feed: "r2z2", head: null, behind: null });
    expect(status.feeds[0]!.headError).toBeTruthy();
    expect(status.gaps.summary).toBeNull();
    expect(status.gaps.error).toBe("no answer within 300 ms");
    expect(status.queues).toHaveLength(Object.keys(queues.byName).length);
  });
});
