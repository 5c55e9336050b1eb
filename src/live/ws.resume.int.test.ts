/**
 * Resume on `/ws/v1` against a real `killboard ws`: a client away for 100 kills gets exactly those, in order, then
 * the live ones with no gap or duplicate at the hand-over, even while kills keep landing during its replay; a
 * cursor older than the retained window gets one gap message instead of the numbers it can no longer have.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFixture } from "../../test/e2e/seed.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { buildKill, connectClient, createLiveWriter, startWsRole } from "../../test/support/live.ts";
import { createTestRedis } from "../../test/support/redis.ts";

const PUBLIC_URL = "https://kb.example.test";
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
let ws: Awaited<ReturnType<typeof startWsRole>>;
let store: Awaited<ReturnType<typeof createLiveWriter>>;
let nextId = 910_000_000;
const template = readFixture().find((record) => record.esi.victim.character_id && record.esi.attackers.some((who) => who.character_id))!;

/** Stores `count` kills in batches of `batch`; returns their sequence numbers. */
async function storeKills({ count, batch = 25 }: { count: number; batch?: number }) {
  const sequences: number[] = [];
  for (let done = 0; done < count; done += batch) {
    const kills = Array.from({ length: Math.min(batch, count - done) }, () => buildKill({ template, id: nextId++, attackers: 3 }));
    sequences.push(...(await store(kills)));
  }
  return sequences;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis({ name: "ws-resume" });
  ws = await startWsRole({ env: { DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, PUBLIC_URL, LIVE_RETENTION_DAYS: "1" } });
  store = await createLiveWriter({ sql: db.sql, redis: redis.redis, prefix: redis.prefix });
}, 60_000);

afterAll(async () => {
  await ws?.role.kill("SIGTERM");
  await redis.drop();
  await db.drop();
});

test("a client away for 100 kills resumes with exactly those 100 in order, then the live ones, none twice and none missed", async () => {
  const first = await connectClient(ws.url("/ws/v1"));
  first.send({ action: "subscribe", filter: {} });
  await first.next();
  const seen = await storeKills({ count: 5 });
  const live = await first.take({ count: 5 });
  expect(live.map((frame) => frame.sequence)).toEqual(seen);
  first.close();
  await first.closed;

  const missed = await storeKills({ count: 100 });
  const back = await connectClient(ws.url(`/ws/v1?after=${seen.at(-1)}`));
  back.send({ action: "subscribe", filter: {} });
  // Kills keep landing while the replay runs: the hand-over must neither drop nor repeat one.
  const during = await storeKills({ count: 40, batch: 4 });
  const frames = await back.take({ count: 1 + 100 + 40, timeoutMs: 30_000 });
  expect(frames[0]).toEqual({ type: "subscribed", filter: {}, after: seen.at(-1) });
  const sequences = frames.slice(1).map((frame) => frame.sequence);
  expect(sequences.slice(0, 100)).toEqual(missed);
  expect(sequences).toEqual(range(seen.at(-1)! + 1, during.at(-1)!));
  const after = await storeKills({ count: 3 });
  expect((await back.take({ count: 3 })).map((frame) => frame.sequence)).toEqual(after);
  expect(await back.rest()).toEqual([]);
  back.close();
}, 60_000);

test("resume by message on an open socket replays with the socket's filter", async () => {
  const client = await connectClient(ws.url("/ws/v1"));
  const head = (await storeKills({ count: 1 }))[0]!;
  client.send({ action: "resume", after: head - 10 });
  expect(await client.next()).toEqual({ type: "subscribed", filter: {}, after: head - 10 });
  expect((await client.take({ count: 10 })).map((frame) => frame.sequence)).toEqual(range(head - 9, head));
  expect(await client.rest()).toEqual([]);
  client.close();
});

test("a cursor older than the retained window gets one gap message with the API url, then everything still retained", async () => {
  const head = (await storeKills({ count: 1 }))[0]!;
  // The first 5 were stored "three days ago": past LIVE_RETENTION_DAYS=1.
  await db.sql`update killmail_sequence set stored_at = now() - interval '3 days' where sequence <= 5`;
  const client = await connectClient(ws.url("/ws/v1?after=0"));
  client.send({ action: "subscribe", filter: { entityKind: "ship", entityId: template.esi.victim.ship_type_id, role: "victim" } });
  const [subscribed, gap] = await client.take({ count: 2 });
  expect(subscribed).toMatchObject({ type: "subscribed", after: 0 });
  const url = new URL(gap.url);
  expect(gap).toMatchObject({ type: "gap", after: 0, through: 5, missed: 5 });
  expect(`${url.origin}${url.pathname}`).toBe(`${PUBLIC_URL}/api/v1/killmails`);
  expect(Object.fromEntries(url.searchParams)).toEqual({ entityKind: "ship", entityId: String(template.esi.victim.ship_type_id), role: "victim" });
  const frames = await client.take({ count: head - 5 });
  expect(frames.map((frame) => frame.sequence)).toEqual(range(6, head));
  expect(await client.rest()).toEqual([]);
  client.close();
});
