/**
 * Drill: a client that never reads. It subscribes to `killstream` and stops reading; once its unread bytes pass
 * WS_SEND_BUFFER_BYTES the `ws` process drops it (killboard_ws_dropped_total{reason="slow"}), and the other
 * clients' delivery latency (event published → frame received) keeps its p99 within 2x of the same run without
 * it. The kills carry 1,000 attackers (~160 KB a killstream frame) so the stalled socket's kernel buffers fill
 * within the run; the measured clients follow `all:*` (small littlekill frames), and each kill is stored only once
 * every client has the one before, so the test process's own storing never sits between a frame and its timestamp.
 * A client that reads `killstream` is there in both runs: building and sending the big frame costs the same with a
 * fast reader as with a stalled one, so the two runs differ only in the stall.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFixture } from "../../test/e2e/seed.ts";
import { createTestDatabase } from "../support/database.ts";
import { buildKill, connectClient, connectStalledClient, createLiveWriter, percentile, readMetric, startWsRole, type TestClient } from "../support/live.ts";
import { findFreePort } from "../support/ports.ts";
import { createTestRedis } from "../support/redis.ts";

const CLIENTS = 20;
const KILLS_PER_RUN = 80;
/**
 * The 20 samples of one kill rise and fall together, so p99 is about the slowest kill or two of a run: on a shared
 * 2-core box (load average 5 while other suites run) that swings between 15 and 40 ms unloaded. Below this floor
 * the comparison measures the neighbours, not the slow client; a client that stalled the others would cost seconds.
 */
const P99_FLOOR_MS = 25;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
let ws: Awaited<ReturnType<typeof startWsRole>>;
let store: Awaited<ReturnType<typeof createLiveWriter>>;
const metricsPort = findFreePort();
const template = readFixture().find((record) => record.esi.victim.character_id && record.esi.attackers.some((who) => who.character_id))!;
let nextId = 920_000_000;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis({ name: "ws-slow" });
  ws = await startWsRole({
    env: { DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, WS_SEND_BUFFER_BYTES: String(256 * 1024) },
    args: ["--metrics-port", String(metricsPort)],
  });
  store = await createLiveWriter({ sql: db.sql, redis: redis.redis, prefix: redis.prefix });
}, 60_000);

afterAll(async () => {
  await ws?.role.kill("SIGTERM");
  await redis.drop();
  await db.drop();
});

/** Stores kills one at a time; every client's latency for each, in ms. */
async function measure({ clients }: { clients: TestClient[] }) {
  const latencies: number[] = [];
  for (let index = 0; index < KILLS_PER_RUN; index++) {
    const publishedAt = new Map<number, number>();
    const kill = buildKill({ template, id: nextId++, attackers: 1_000 });
    const [sequence] = await store([kill], { publishedAt });
    for (const client of clients) {
      const [frame] = await client.take({ count: 1, timeoutMs: 30_000 });
      expect(frame.killID).toBe(kill.killmail_id);
      latencies.push(client.frames.at(-1)!.at - publishedAt.get(sequence!)!);
    }
  }
  return latencies;
}

test("a client that never reads is dropped while the others keep their p99 within 2x of the unloaded run", async () => {
  const clients: TestClient[] = [];
  for (let index = 0; index < CLIENTS; index++) {
    const client = await connectClient(ws.url("/websocket/"));
    client.send({ action: "sub", channel: "all:*" });
    client.send("ping");
    await client.next();
    clients.push(client);
  }
  const follower = await connectClient(ws.url("/websocket/"));
  follower.send({ action: "sub", channel: "killstream" });
  follower.send("ping");
  await follower.next();
  const unloaded = await measure({ clients });
  const stalled = await connectStalledClient({ port: ws.port, path: "/websocket/", messages: [JSON.stringify({ action: "sub", channel: "killstream" })] });
  expect(await readMetric({ port: metricsPort, name: "killboard_ws_clients" })).toBe(CLIENTS + 2);
  const loaded = await measure({ clients });
  const [p99Unloaded, p99Loaded] = [percentile(unloaded, 0.99), percentile(loaded, 0.99)];
  console.log(`p50 ${percentile(unloaded, 0.5).toFixed(1)} → ${percentile(loaded, 0.5).toFixed(1)} ms; p99 ${p99Unloaded.toFixed(1)} → ${p99Loaded.toFixed(1)} ms`);
  expect(await readMetric({ port: metricsPort, name: "killboard_ws_dropped_total", labels: { reason: "slow" } })).toBe(1);
  expect(p99Loaded).toBeLessThanOrEqual(2 * Math.max(p99Unloaded, P99_FLOOR_MS));
  expect(await readMetric({ port: metricsPort, name: "killboard_ws_clients" })).toBe(CLIENTS + 1);
  expect(follower.frames.length).toBe(1 + 2 * KILLS_PER_RUN);
  stalled.destroy();
  for (const client of [...clients, follower]) client.close();
}, 120_000);
