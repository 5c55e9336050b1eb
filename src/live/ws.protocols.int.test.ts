/**
 * The `ws` role speaks three protocols from one live tail: a real `killboard ws` process, kills stored through the
 * real processor and announced on Redis as the worker does. Three 50-attacker kills land; pilot X is the 10th
 * attacker of the middle one only, and each protocol's client asking for X gets that kill and nothing else.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFixture } from "../../test/e2e/seed.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { buildKill, connectClient, createLiveWriter, startWsRole, type TestClient, type TestKill } from "../../test/support/live.ts";
import { createTestRedis } from "../../test/support/redis.ts";

const PILOT_X = 2_123_456_789;
const PUBLIC_URL = "https://kb.example.test";
const CAP = 20;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
let ws: Awaited<ReturnType<typeof startWsRole>>;
let kills: TestKill[];
let sequences: number[];
const clients = {} as Record<"zkbPilot" | "zkbStream" | "ekwsPilot" | "legacyPilot" | "v1Pilot", TestClient>;

async function subscribeAll() {
  clients.zkbPilot = await connectClient(ws.url("/websocket/"));
  clients.zkbPilot.send({ action: "sub", channel: `character:${PILOT_X}` });
  clients.zkbStream = await connectClient(ws.url("/websocket/"));
  clients.zkbStream.send({ action: "sub", channel: "killstream" });
  // zKillboard acknowledges nothing; a ping answered means every message before it was handled.
  for (const client of [clients.zkbPilot, clients.zkbStream]) {
    client.send("ping");
    expect(await client.next()).toBe("pong");
  }
  clients.ekwsPilot = await connectClient(ws.url("/ws/killmails"));
  expect((await clients.ekwsPilot.next()).type).toBe("welcome");
  clients.ekwsPilot.send({ action: "subscribe", topics: [`attacker.${PILOT_X}`] });
  expect(await clients.ekwsPilot.next()).toEqual({ type: "subscribed", topics: [`attacker.${PILOT_X}`] });
  clients.legacyPilot = await connectClient(ws.url("/killmails"));
  expect((await clients.legacyPilot.next()).type).toBe("info");
  clients.legacyPilot.send({ type: "subscribe", topics: [`attacker.${PILOT_X}`] });
  expect(await clients.legacyPilot.next()).toEqual({ type: "subscribed", data: { topics: [`attacker.${PILOT_X}`] } });
  clients.v1Pilot = await connectClient(ws.url("/ws/v1"));
  clients.v1Pilot.send({ action: "subscribe", filter: { entityKind: "character", entityId: PILOT_X, role: "attacker" } });
  expect(await clients.v1Pilot.next()).toMatchObject({ type: "subscribed", after: 0 });
}

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis({ name: "ws-protocols" });
  await db.sql`insert into entities (entity_kind, entity_id, name) values ('character', ${PILOT_X}, ${'Tenth "Pilot" <b>'})`;
  ws = await startWsRole({
    env: { DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, PUBLIC_URL, WS_MAX_CONNECTIONS_PER_IP: String(CAP) },
  });
  await subscribeAll();
  const template = readFixture().find((record) => record.esi.victim.character_id && record.esi.attackers.some((who) => who.character_id))!;
  kills = [1, 2, 3].map((n) => buildKill({ template, id: 900_000_000 + n, pilot: n === 2 ? { slot: 9, characterId: PILOT_X } : undefined }));
  const store = await createLiveWriter({ sql: db.sql, redis: redis.redis, prefix: redis.prefix });
  sequences = await store(kills);
}, 60_000);

afterAll(async () => {
  for (const client of Object.values(clients)) client.close();
  await ws?.role.kill("SIGTERM");
  await redis.drop();
  await db.drop();
});

describe("zKillboard protocol at /websocket/", () => {
  test("a client on character:X receives one littlekill for the kill where X was the 10th of 50 attackers, and nothing else", async () => {
    const [frame] = await clients.zkbPilot.take({ count: 1 });
    const victim = kills[1]!.esi.victim;
    expect(frame).toEqual({
      action: "littlekill", killID: kills[1]!.killmail_id, character_id: victim.character_id, corporation_id: victim.corporation_id,
      alliance_id: victim.alliance_id ?? 0, ship_type_id: victim.ship_type_id, group_id: expect.any(Number),
      url: `${PUBLIC_URL}/kill/${kills[1]!.killmail_id}/`, channel: `character:${PILOT_X}`,
    });
    expect(await clients.zkbPilot.rest()).toEqual([]);
  });

  test("killstream sends every kill as the ESI body with zkb added, its url on our site", async () => {
    const frames = await clients.zkbStream.take({ count: 3 });
    expect(frames.map((frame) => frame.killmail_id)).toEqual(kills.map((kill) => kill.killmail_id));
    expect(frames[1].attackers[9].character_id).toBe(PILOT_X);
    expect(frames[1].zkb).toMatchObject({ hash: kills[1]!.hash, url: `${PUBLIC_URL}/kill/${kills[1]!.killmail_id}/`, attackerCount: 50 });
    expect(await clients.zkbStream.rest()).toEqual([]);
  });

  test("a bad sub gets an error frame and the socket stays open", async () => {
    const client = await connectClient(ws.url("/websocket/"));
    client.send({ action: "sub", channel: "character:not-a-number" });
    expect(await client.next()).toEqual({ action: "error", message: 'unknown channel "character:not-a-number"' });
    client.send("ping");
    expect(await client.next()).toBe("pong");
    client.close();
  });
});

describe("EVE-KILL protocols", () => {
  test("a /ws/killmails client on attacker.X receives that kill's event only, names read from PostgreSQL", async () => {
    const [frame] = await clients.ekwsPilot.take({ count: 1 });
    expect(frame.channel).toBe("killmails");
    expect(frame.data).toMatchObject({ event: "killmail", killmail_id: kills[1]!.killmail_id, killmail_hash: kills[1]!.hash });
    expect(frame.data.attackers).toHaveLength(50);
    expect(frame.data.attackers[9]).toMatchObject({ character_id: PILOT_X, character_name: 'Tenth "Pilot" <b>' });
    expect(frame.data.solar_system_name).toEqual(expect.any(String));
    expect(await clients.ekwsPilot.rest()).toEqual([]);
  });

  test("a legacy /killmails client on attacker.X receives that kill in Thessia's shape only", async () => {
    const [frame] = await clients.legacyPilot.take({ count: 1 });
    expect(frame).toMatchObject({ type: "killmail", data: { killmail_id: kills[1]!.killmail_id } });
    expect(frame.data.attackers[9].character_id).toBe(PILOT_X);
    expect(await clients.legacyPilot.rest()).toEqual([]);
  });

  test("garbage gets an error frame; an empty topic closes with 1008", async () => {
    const client = await connectClient(ws.url("/ws/killmails"));
    await client.next();
    client.send("{nope");
    expect(await client.next()).toEqual({ type: "error", message: "not a JSON object" });
    client.send({ action: "subscribe", topics: [""] });
    expect((await client.closed).code).toBe(1008);
  });
});

describe("our protocol at /ws/v1", () => {
  test("a filter on X as attacker delivers that kill with its sequence, ESI body and zkb, and nothing else", async () => {
    const [frame] = await clients.v1Pilot.take({ count: 1 });
    expect(frame).toMatchObject({ type: "killmail", sequence: sequences[1], data: { killmail_id: kills[1]!.killmail_id, zkb: { attackerCount: 50 } } });
    expect(await clients.v1Pilot.rest()).toEqual([]);
  });

  test("a bad filter gets an error frame naming the field", async () => {
    const client = await connectClient(ws.url("/ws/v1"));
    client.send({ action: "subscribe", filter: { entityKind: "character" } });
    expect((await client.next()).message).toBe("filter.entityId: entityKind and entityId go together");
    client.send({ action: "subscribe", filter: { minValue: "lots" } });
    expect((await client.next()).message).toMatch(/^filter\.minValue: /);
    client.send({ action: "dance" });
    expect((await client.next()).message).toMatch(/^action: /);
    client.close();
  });

  test("ten malformed messages close the socket with a reason", async () => {
    const client = await connectClient(ws.url("/ws/v1"));
    for (let i = 0; i < 10; i++) client.send("not json");
    const closed = await client.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toBe("too many malformed messages (10)");
    expect(client.frames.filter((frame) => frame.data.type === "error")).toHaveLength(10);
  });
});

test("one address holds at most WS_MAX_CONNECTIONS_PER_IP connections; the next is refused with 429", async () => {
  const extra: WebSocket[] = [];
  const outcomes: string[] = [];
  for (let i = 0; i < CAP; i++) {
    const socket = new WebSocket(ws.url("/ws/v1"));
    extra.push(socket);
    outcomes.push(await new Promise<string>((resolve) => {
      socket.onopen = () => resolve("open");
      socket.onerror = () => resolve("refused");
    }));
  }
  const open = Object.keys(clients).length;
  expect(outcomes.filter((outcome) => outcome === "open")).toHaveLength(CAP - open);
  expect(outcomes.slice(CAP - open).every((outcome) => outcome === "refused")).toBe(true);
  const response = await fetch(`http://127.0.0.1:${ws.port}/ws/v1`, { headers: { upgrade: "websocket", connection: "upgrade", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==", "sec-websocket-version": "13" } });
  expect(response.status).toBe(429);
  for (const socket of extra) socket.close();
});
