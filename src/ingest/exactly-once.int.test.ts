/**
 * Exactly once under crashes: ≥ 5,000 killmails through R2Z2 while the worker and the listener processes are
 * SIGKILLed at random moments; afterwards every killmail is stored exactly once, no job failed, and the event
 * stream announces every stored killmail (at least once: a crash between storing and publishing republishes).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { loadEmulatorDataset } from "../upstream/emulator/dataset.ts";
import { createEmulator } from "../upstream/emulator/emulator.ts";
import { FIRST_SEQUENCE } from "../upstream/emulator/feed.ts";
import { createQueues } from "../queue/queue.client.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { spawnRole, waitFor, type RoleProcess } from "../../test/support/processes.ts";
import { createRedisClient, type RedisClient } from "../redis/redis.client.ts";
import { killmailEventKeys, readKillmailEventsAfter } from "./killmail.events.ts";

const SYNTHETIC = 5_000;
const KILLS = 6;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
let emulator: Awaited<ReturnType<typeof createEmulator>>;
let server: Awaited<ReturnType<Awaited<ReturnType<typeof createEmulator>>["start"]>>;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis({ name: "exactly-once" });
  const dataset = await loadEmulatorDataset({ synthetic: SYNTHETIC, startDate: "2026-11-01", endDate: "2026-11-03" });
  emulator = await createEmulator({ dataset, options: { r2z2RequestsPerSecond: 100_000 } });
  server = await emulator.start({ port: 0 });
});

afterAll(async () => {
  await server?.stop();
  await redis?.drop();
  await db?.drop();
});

const env = () => ({
  DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, R2Z2_BASE_URL: server.r2z2, ESI_BASE_URL: server.esi,
});
const startWorker = () => spawnRole({ args: ["work", "--concurrency", "16", "--queues", "killmails", "--lock-duration-ms", "2000"], env: env() });
const startListener = () =>
  spawnRole({ args: ["listen", "r2z2", "--from-sequence", String(FIRST_SEQUENCE), "--wait-on-404-ms", "50", "--max-requests-per-s", "5000"], env: env() });

const storedCount = async () => (await db.sql<{ count: number }[]>`select count(*)::int as count from killmail_ids`)[0]!.count;

/** The distinct killmail ids the event stream announced, read page by page from its start. */
async function readAnnouncedIds({ redis }: { redis: RedisClient }) {
  const { stream } = killmailEventKeys({ prefix: env().QUEUE_PREFIX });
  const ids = new Set<number>();
  for (let afterId = "0-0"; ;) {
    const page = await readKillmailEventsAfter({ redis, afterId, stream });
    if (!page.length) return ids;
    for (const event of page) ids.add(event.killmailId);
    afterId = page.at(-1)!.streamId;
  }
}

test("every killmail is stored exactly once while workers and listeners are SIGKILLed", async () => {
  const total = emulator.context.dataset.records.length;
  const roles: Record<"worker" | "listener", RoleProcess> = { worker: startWorker(), listener: startListener() };
  const kills: { which: string; stored: number; signal: unknown }[] = [];
  // Each round publishes a fresh slice, so every SIGKILL lands while both roles have work in hand.
  for (let kill = 0; kill < KILLS; kill++) {
    emulator.publish(kill === KILLS - 1 ? total : Math.ceil(total / KILLS));
    await Bun.sleep(300 + Math.random() * 1_500);
    const which = kill % 2 === 0 ? "worker" : "listener";
    await roles[which].kill("SIGKILL");
    // signalCode is only "SIGKILL" when the signal ended a live process, not one that had already exited.
    kills.push({ which, stored: await storedCount(), signal: roles[which].proc.signalCode });
    roles[which] = which === "worker" ? startWorker() : startListener();
  }
  try {
    await waitFor({ check: async () => (await storedCount()) >= total, timeoutMs: 90_000, what: `${total} stored (kills: ${JSON.stringify(kills)})` });
  } finally {
    // SIGTERM drains: both roles stop cleanly (exit 0) within the lifecycle's deadline.
    const exits = await Promise.all([roles.worker.kill("SIGTERM"), roles.listener.kill("SIGTERM")]);
    expect(exits).toEqual([0, 0]);
  }
  const [row] = await db.sql<{ rows: number; distinct: number }[]>`
    select count(*)::int as rows, count(distinct killmail_id)::int as distinct from killmails
  `;
  // The SIGKILLs prove something only if they hit running roles with work still to do.
  expect(kills.filter((kill) => kill.signal === "SIGKILL" && kill.stored < total).length).toBeGreaterThanOrEqual(5);
  expect(row).toEqual({ rows: total, distinct: total });
  const producer = createRedisClient({ url: redis.url, purpose: "producer" });
  const queues = createQueues({ connection: producer, prefix: redis.prefix });
  expect(await queues.killmails.getJobCounts("failed")).toEqual({ failed: 0 });
  const storedIds = (await db.sql<{ killmailId: number }[]>`select killmail_id from killmail_ids`).map((r) => Number(r.killmailId));
  const announced = await readAnnouncedIds({ redis: producer });
  expect(storedIds.filter((id) => !announced.has(id))).toEqual([]);
  expect(announced.size).toBe(total);
  await queues.close();
  await producer.quit();
}, 150_000);
