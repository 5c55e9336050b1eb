import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../app/log.ts";
import { killmailEventKeys } from "../ingest/killmail.events.ts";
import { importKillmails } from "../killmails/killmail.import.ts";
import { createRedisClient } from "../redis/redis.client.ts";
import { createWebApp } from "../web/web.app.ts";
import { createWebDependencies } from "../web/web.setup.ts";
import { findMinorAttacker, readFixture } from "../../test/e2e/seed.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestRedis, TEST_REDIS_URL } from "../../test/support/redis.ts";
import { createSseReader, type SseMessage } from "../../test/support/sse.ts";
import { createFeedsDeps } from "./feeds.setup.ts";

const records = readFixture();
const FIRST = 60;
const dir = mkdtempSync(join(tmpdir(), "feeds-"));
const files = { first: join(dir, "first.jsonl"), rest: join(dir, "rest.jsonl") };
writeFileSync(files.first, records.slice(0, FIRST).map((r) => JSON.stringify(r)).join("\n"));
writeFileSync(files.rest, records.slice(FIRST).map((r) => JSON.stringify(r)).join("\n"));

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const redis = createTestRedis({ name: "feeds" });
const subscriber = createRedisClient({ url: TEST_REDIS_URL, purpose: "events" });
let feeds: ReturnType<typeof createFeedsDeps>;
let app: ReturnType<typeof createWebApp>;
let webDeps: Awaited<ReturnType<typeof createWebDependencies>>;
/** killmail id by sequence number, as the store assigned them. */
let idBySequence = new Map<number, number>();

const HEARTBEAT_MS = 500;
const readIds = async () => {
  const rows = await db.sql<{ sequence: number; killmailId: number }[]>`select sequence, killmail_id from killmail_sequence order by sequence`;
  idBySequence = new Map(rows.map((row) => [Number(row.sequence), Number(row.killmailId)]));
};
const get = (path: string, init?: RequestInit) => app.request(path, init);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** Events until the first heartbeat after them: with every record already stored, the whole answer of a replay. */
async function eventsUntilHeartbeat(sse: ReturnType<typeof createSseReader>) {
  const events: SseMessage[] = [];
  for (;;) {
    const message = await sse.next();
    if (!message || message.comments.includes("heartbeat")) return events;
    if (message.event) events.push(message);
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  await importKillmails({ sql: db.sql, files: [files.first] });
  await readIds();
  const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });
  const deps = webDeps = await createWebDependencies({ sql: db.sql, config: {}, logger, checks: {}, rateLimit: { capacity: 1_000_000, refillPerSecond: 1_000_000 } });
  feeds = createFeedsDeps({
    sql: db.sql, redis: redis.redis, subscriber, channel: killmailEventKeys({ prefix: redis.prefix }).channel, prefix: redis.prefix,
    universe: deps.universe, retentionDays: 7, logger, heartbeatMs: HEARTBEAT_MS,
  });
  app = createWebApp({ deps, feeds });
}, 60_000);

afterAll(async () => {
  await feeds.hub.close();
  subscriber.disconnect();
  await redis.drop();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe("RedisQ-compatible /listen.php", () => {
  test("a new queueID starts at the head: with nothing newer it answers a null package after ttw", async () => {
    for (const queueId of ["q-follow", "q-wait"]) {
      const response = await get(`/listen.php?queueID=${queueId}&ttw=1`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ package: null });
    }
  });

  test("without a queueID, or with a ttw that is not a number, the answer is a 400 naming the parameter", async () => {
    const missing = await get("/listen.php?ttw=1");
    expect(missing.status).toBe(400);
    expect((await missing.json()).details.parameter).toBe("queueID");
    expect((await (await get("/listen.php?queueID=x&ttw=soon")).json()).details.parameter).toBe("ttw");
  });

  test("a second request for a queueID already in flight gets 429", async () => {
    const release = (await feeds.queues.lock({ queueId: "q-busy" }))!;
    try {
      expect((await get("/listen.php?queueID=q-busy&ttw=1")).status).toBe(429);
    } finally {
      await release();
    }
  });
});

describe("/api/v1/stream", () => {
  test("after=0 replays every stored killmail in order, then hands over to live ones with no gap or repeat", async () => {
    const response = await get("/api/v1/stream?after=0");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const sse = createSseReader(response.body!);
    const replay = await sse.events(FIRST);
    // A listen.php long-poll waiting at the old head is answered by the first live killmail.
    const waiting = get("/listen.php?queueID=q-wait&ttw=10");
    await importKillmails({ sql: db.sql, files: [files.rest] });
    await readIds();
    const live = await sse.events(records.length - FIRST);
    await sse.cancel();
    const events = [...replay, ...live];
    expect(events.map((event) => Number(event.id))).toEqual(range(1, records.length));
    for (const event of events) {
      const body = JSON.parse(event.data);
      expect(event.event).toBe("killmail");
      expect(body.killmail_id).toBe(idBySequence.get(Number(event.id))!);
      expect(body.zkb.hash).toBe(records.find((r) => r.killmail_id === body.killmail_id)!.hash);
    }
    const answer = await (await waiting).json();
    expect(answer.package.killID).toBe(idBySequence.get(FIRST + 1)!);
  }, 30_000);

  test("Last-Event-ID resumes after that number and wins over ?after=", async () => {
    const response = await get("/api/v1/stream?after=5", { headers: { "Last-Event-ID": "110" } });
    const sse = createSseReader(response.body!);
    const events = await eventsUntilHeartbeat(sse);
    await sse.cancel();
    expect(events.map((event) => Number(event.id))).toEqual(range(111, records.length));
  });

  test("a filter sends only the killmails it matches: a minor attacker's kills and nothing else", async () => {
    const { characterId } = findMinorAttacker(records);
    const expected = records.filter((r) => r.esi.attackers.some((a) => a.character_id === characterId)).map((r) => r.killmail_id).sort();
    const response = await get(`/api/v1/stream?after=0&entityKind=character&entityId=${characterId}&role=attacker`);
    const sse = createSseReader(response.body!);
    const events = await eventsUntilHeartbeat(sse);
    await sse.cancel();
    expect(events.map((event) => JSON.parse(event.data).killmail_id).sort()).toEqual(expected);
  });

  test("a quiet stream carries heartbeats as comment lines", async () => {
    const sse = createSseReader((await get("/api/v1/stream")).body!);
    const preamble = await sse.next();
    expect(preamble?.comments[0]).toBe("killboard live stream");
    expect((await sse.next())?.comments).toEqual(["heartbeat"]);
    await sse.cancel();
  });

  test("a bad filter or resume point is a 400 naming the parameter", async () => {
    for (const [path, parameter, headers] of [
      ["/api/v1/stream?minValue=lots", "minValue", {}], ["/api/v1/stream?entityKind=character", "entityId", {}],
      ["/api/v1/stream?cursor=x", "cursor", {}], ["/api/v1/stream?after=-1", "after", {}], ["/api/v1/stream", "Last-Event-ID", { "Last-Event-ID": "ten" }],
    ] as const) {
      const response = await get(path, { headers });
      expect([path, response.status, (await response.json()).details.parameter]).toEqual([path, 400, parameter]);
    }
  });
});

describe("RedisQ queue positions", () => {
  test("each record is answered to a queue once, in sequence order, then a null package", async () => {
    const ids: number[] = [];
    for (let i = FIRST + 1; i <= records.length; i++) {
      const body = await (await get("/listen.php?queueID=q-follow&ttw=1")).json();
      expect(Object.keys(body.package).sort()).toEqual(["killID", "killmail", "zkb"]);
      expect(body.package.killmail.killmail_id).toBe(body.package.killID);
      ids.push(body.package.killID);
    }
    expect(ids).toEqual(range(FIRST + 1, records.length).map((sequence) => idBySequence.get(sequence)!));
    expect(await (await get("/listen.php?queueID=q-follow&ttw=1")).json()).toEqual({ package: null });
  }, 30_000);
});

describe("R2Z2-compatible /ephemeral/", () => {
  test("sequence.json names the head and each number is zKillboard's record shape, cached for good", async () => {
    expect(await (await get("/ephemeral/sequence.json")).json()).toEqual({ sequence: records.length });
    const response = await get("/ephemeral/7.json");
    expect(response.headers.get("cache-control")).toContain("immutable");
    const body = await response.json();
    expect(Object.keys(body)).toEqual(["killmail_id", "hash", "esi", "zkb", "uploaded_at", "sequence_id"]);
    expect(body.sequence_id).toBe(7);
    expect(body.killmail_id).toBe(idBySequence.get(7)!);
    expect(body.esi.killmail_id).toBe(body.killmail_id);
    expect(body.zkb.hash).toBe(body.hash);
    expect(Math.abs(body.uploaded_at - Date.now() / 1000)).toBeLessThan(3600);
  });

  test("past the head, 0 and non-numbers are 404, and no feed path redirects", async () => {
    for (const path of [`/ephemeral/${records.length + 1}.json`, "/ephemeral/0.json", "/ephemeral/x.json", "/ephemeral/7.json/", "/history/totals.json/"]) {
      const response = await get(path);
      expect([path, response.status]).toEqual([path, 404]);
    }
  });
});

describe("history files", () => {
  test("a day is {killmail_id: hash} of our killmails of that UTC day, totals count every day", async () => {
    const record = records[3]!;
    const day = record.esi.killmail_time.slice(0, 10).replaceAll("-", "");
    const body = await (await get(`/history/${day}.json`)).json();
    const expected = records.filter((r) => r.esi.killmail_time.slice(0, 10).replaceAll("-", "") === day);
    expect(Object.keys(body).length).toBe(expected.length);
    expect(body[String(record.killmail_id)]).toBe(record.hash);
    const totals = await (await get("/history/totals.json")).json();
    expect(totals[day]).toBe(expected.length);
    expect(Object.values(totals as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(records.length);
  });

  test("an impossible date is a 400, a day without kills a 404", async () => {
    const bad = await get("/history/20261341.json");
    expect(bad.status).toBe(400);
    expect((await bad.json()).details.parameter).toBe("date");
    expect((await get("/history/20000101.json")).status).toBe(404);
    expect((await get("/history/20231301.json")).status).toBe(400);
  });
});

describe("EVE-KILL feed endpoints", () => {
  test("/feed/status and /feed/poll have Shrike's shapes and page by sequence", async () => {
    const status = await (await get("/feed/status")).json();
    expect(status).toEqual({ status: "ok", clients: expect.any(Number), latestSeq: records.length });
    const kick = await (await get("/feed/poll?after=0")).json();
    expect(kick).toEqual({ data: [], latest: records.length, hasMore: true, next: "/feed/poll?after=0&limit=100", last: `/feed/poll?after=${records.length - 100}&limit=100` });
    const page = await (await get("/feed/poll?after=1&limit=5")).json();
    expect(page.data.map((item: { seq: number }) => item.seq)).toEqual([2, 3, 4, 5, 6]);
    expect(Object.keys(page.data[0])).toEqual(["seq", "killmail_id", "killmail_hash", "data"]);
    expect(page.data[0].data.killmail_id).toBe(idBySequence.get(2)!);
    expect(page).toMatchObject({ hasMore: true, next: "/feed/poll?after=6&limit=5" });
    expect((await (await get("/feed/poll?after=1&limit=0")).json()).details.parameter).toBe("limit");
  });

  test("/feed/stream sends ESI bodies with id = sequence, resumes from lastEventId, and refuses unknown topics", async () => {
    const sse = createSseReader((await get(`/feed/stream?lastEventId=${records.length - 3}`)).body!);
    expect((await sse.next())?.comments).toEqual(["connected to EVE-Kill feed", "topics: all"]);
    const events = await sse.events(3);
    await sse.cancel();
    expect(events.map((event) => Number(event.id))).toEqual(range(records.length - 2, records.length));
    expect(JSON.parse(events[0]!.data)).not.toHaveProperty("zkb");
    // Routed by the shared EVE-KILL codec: a system's topic gets exactly that system's kills, in order.
    const system = records[0]!.esi.solar_system_id;
    const inSystem = records.filter((record) => record.esi.solar_system_id === system).map((record) => record.killmail_id);
    const routed = createSseReader((await get(`/feed/stream?topics=system.${system}&lastEventId=0`)).body!);
    const routedEvents = await routed.events(inSystem.length);
    await routed.cancel();
    expect(routedEvents.map((event) => JSON.parse(event.data).killmail_id)).toEqual(inSystem);
    // Ship classes are offered now that the codec is shared (before, they were refused).
    const classes = await get("/feed/stream?topics=frigates,titans");
    expect(classes.status).toBe(200);
    await classes.body!.cancel();
    const bad = await get("/feed/stream?topics=all,bogus");
    expect(bad.status).toBe(400);
    expect((await bad.json()).details.parameter).toBe("topics");
  });
});

describe("the retained window", () => {
  test("numbers stored before it are a gap event on the stream and a 404 on /ephemeral/", async () => {
    await db.sql`update killmail_sequence set stored_at = now() - interval '10 days' where sequence <= 20`;
    const sse = createSseReader((await get("/api/v1/stream?after=5")).body!);
    const [gap, first] = await sse.events(2);
    await sse.cancel();
    expect(gap!.event).toBe("gap");
    expect(gap!.id).toBe("20");
    expect(JSON.parse(gap!.data)).toEqual({ from: 6, to: 20, retentionDays: 7, url: "/api/v1/killmails" });
    expect(first!.id).toBe("21");
    expect((await get("/ephemeral/3.json")).status).toBe(404);
    expect((await get("/ephemeral/21.json")).status).toBe(200);
  });
});

test("the feeds share the API's rate limit", async () => {
  const limited = createWebApp({ deps: { ...webDeps, rateLimit: { capacity: 2, refillPerSecond: 0.001 } }, feeds });
  const statuses = [];
  for (const path of ["/ephemeral/sequence.json", "/history/totals.json", "/feed/status", "/listen.php?queueID=q-limited&ttw=1"]) statuses.push((await limited.request(path)).status);
  expect(statuses).toEqual([200, 200, 429, 429]);
});
