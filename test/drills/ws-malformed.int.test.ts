/**
 * Drill: 10,000 malformed frames against a real `killboard ws`, over all four endpoints: text that is not JSON,
 * wrong shapes, bad filters and channels, binary frames, frames past 16 KiB and past the 64 KiB payload limit.
 * Each gets an error frame (or Bun's 1009 close past the payload limit); ten close the socket with a reason. The
 * process stays up, a client that behaved all along still gets live kills, and connections and memory come back
 * to where they were.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFixture } from "../../test/e2e/seed.ts";
import { createTestDatabase } from "../support/database.ts";
import { buildKill, connectClient, createLiveWriter, readMetric, startWsRole } from "../support/live.ts";
import { findFreePort } from "../support/ports.ts";
import { createTestRedis } from "../support/redis.ts";

const FRAMES = 10_000;
const AT_ONCE = 20;
/** Bun's heap and allocator keep some of what a burst used; a leak of 10,000 sockets' state would be far past this. */
const MEMORY_SLACK_BYTES = 48 * 1024 * 1024;

const PATHS = ["/websocket/", "/ws/killmails", "/killmails", "/ws/v1"];
const BAD: (string | Uint8Array<ArrayBuffer>)[] = [
  "not json", "{", "[]", "null", '{"action":"dance"}', '{"action":"sub","channel":"character:x"}', '{"action":"subscribe","topics":"all"}',
  '{"action":"subscribe","filter":{"entityKind":"moon","entityId":-1}}', '{"action":"resume","after":"yesterday"}',
  JSON.stringify({ deep: JSON.parse("[".repeat(500) + "]".repeat(500)) }), new Uint8Array([0, 1, 2, 3]), "x".repeat(17 * 1024),
  "y".repeat(70 * 1024),
];

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
let ws: Awaited<ReturnType<typeof startWsRole>>;
const metricsPort = findFreePort();

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis({ name: "ws-malformed" });
  ws = await startWsRole({ env: { DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix }, args: ["--metrics-port", String(metricsPort)] });
}, 60_000);

afterAll(async () => {
  await ws?.role.kill("SIGTERM");
  await redis.drop();
  await db.drop();
});

/** One connection sending ten bad frames; resolves with its close code and the error frames it got back. */
async function abuse({ path, offset }: { path: string; offset: number }) {
  const socket = new WebSocket(ws.url(path));
  let errors = 0;
  socket.onmessage = (event) => void (String(event.data).includes("error") && errors++);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  const closed = new Promise<number>((resolve) => (socket.onclose = (event) => resolve(event.code)));
  for (let sent = 0; sent < 10; sent++) socket.send(BAD[(offset + sent) % BAD.length]!);
  return { code: await closed, errors };
}

const rss = () => readMetric({ port: metricsPort, name: "process_resident_memory_bytes" });

test("10,000 malformed frames crash nothing and leave no socket or memory behind", async () => {
  const witness = await connectClient(ws.url("/ws/v1"));
  witness.send({ action: "subscribe", filter: {} });
  await witness.next();
  let round = 0;
  const codes = new Map<number, number>();
  let errors = 0;
  const received = () => readMetric({ port: metricsPort, name: "killboard_ws_frames_total", labels: { direction: "received" } });
  // Until the server has read `frames` more: frames after an oversized one never reach it.
  const burst = async (frames: number) => {
    for (const start = await received(); (await received()) - start < frames; round++) {
      const outcomes = await Promise.all(Array.from({ length: AT_ONCE }, (_, index) => abuse({ path: PATHS[(round + index) % PATHS.length]!, offset: round * AT_ONCE + index })));
      for (const outcome of outcomes) {
        codes.set(outcome.code, (codes.get(outcome.code) ?? 0) + 1);
        errors += outcome.errors;
      }
    }
  };
  await burst(1_000); // warms the allocator, so the baseline is a steady state
  const [baseline, before] = [await rss(), await received()];
  await burst(FRAMES);
  const after = await rss();
  console.log(`server read ${(await received()) - before} bad frames; closes ${JSON.stringify(Object.fromEntries(codes))}; rss ${(baseline / 2 ** 20).toFixed(0)} → ${(after / 2 ** 20).toFixed(0)} MiB`);
  expect(ws.role.proc.exitCode).toBeNull();
  // Ten strikes close with 1008 and a reason; a frame past the payload limit makes Bun close with 1009 at once.
  expect([...codes.keys()].sort()).toEqual([1008, 1009]);
  expect(await readMetric({ port: metricsPort, name: "killboard_ws_dropped_total", labels: { reason: "malformed" } })).toBe(codes.get(1008)!);
  expect(errors).toBeGreaterThan(codes.get(1008)! * 10);
  expect(await readMetric({ port: metricsPort, name: "killboard_ws_clients" })).toBe(1);
  expect(after).toBeLessThan(baseline + MEMORY_SLACK_BYTES);
  const store = await createLiveWriter({ sql: db.sql, redis: redis.redis, prefix: redis.prefix });
  const template = readFixture()[0]!;
  const [sequence] = await store([buildKill({ template, id: 930_000_001, attackers: 2 })]);
  expect((await witness.next()).sequence).toBe(sequence);
  witness.close();
}, 120_000);
