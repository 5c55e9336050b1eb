/**
 * Each long-running role, run as a real process against the test database, Redis and the upstream emulator,
 * answers /metrics, /health and /ready on its own METRICS_PORT, and its counters move when killmails flow:
 * R2Z2 publishes three, the listener hands them off, the worker stores them, serve and cron say what they did.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { FIRST_SEQUENCE } from "../upstream/emulator/feed.ts";
import { startTestEmulator, type TestEmulator } from "../upstream/emulator/emulator.testing.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { findSample, parseExposition, runPromtool } from "../../test/support/prometheus.ts";
import { spawnRole, waitFor, type RoleProcess } from "../../test/support/processes.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { findFreePort } from "../../test/support/ports.ts";
import { onlyCronJobs } from "../../test/support/cron.ts";

const TOKEN = "m".repeat(48);
const PUBLISHED = 3;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
let emulator: TestEmulator;
const roles: RoleProcess[] = [];
const ports = { work: 0, listen: 0, cron: 0, serveMetrics: 0, serve: 0 };

const get = (port: number, path: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${port}${path}`, { headers });

async function scrape({ port, headers }: { port: number; headers?: Record<string, string> }) {
  const text = await (await get(port, "/metrics", headers)).text();
  return { text, families: parseExposition({ text }) };
}

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis({ name: "role-metrics" });
  emulator = await startTestEmulator();
  for (const key of Object.keys(ports) as (keyof typeof ports)[]) ports[key] = findFreePort();
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, R2Z2_BASE_URL: emulator.server.r2z2, ESI_BASE_URL: emulator.server.esi };
  // Only partitions runs (once, at start): its count is what the cron metrics are checked with.
  const schedules = onlyCronJobs({ partitions: "0 5 * * * *" });
  roles.push(
    spawnRole({ args: ["work", "--concurrency", "2", "--metrics-port", String(ports.work)], env }),
    spawnRole({ args: ["listen", "r2z2", "--from-sequence", String(FIRST_SEQUENCE), "--wait-on-404-ms", "100"], env: { ...env, METRICS_PORT: String(ports.listen) } }),
    spawnRole({ args: ["cron", "--metrics-port", String(ports.cron)], env: { ...env, CRON_SCHEDULES: schedules } }),
    spawnRole({ args: ["serve", "--metrics-port", String(ports.serveMetrics)], env: { ...env, PORT: String(ports.serve), ADMIN_TOKEN: TOKEN } }),
  );
  const ready = async (port: number) => (await get(port, "/ready").catch(() => null))?.status === 200;
  for (const port of [ports.work, ports.listen, ports.cron, ports.serveMetrics]) {
    await waitFor({ check: () => ready(port), timeoutMs: 30_000, what: `/ready on ${port}` }).catch((error) => {
      throw new Error(`${error.message}\n${roles.map((role) => role.output()).join("\n")}`);
    });
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(roles.map((role) => role.kill("SIGTERM")));
  await emulator?.stop();
  await redis?.drop();
  await db?.drop();
});

test("each role's operations port answers /health and /ready with its checks", async () => {
  for (const port of [ports.work, ports.listen, ports.cron, ports.serveMetrics]) expect((await get(port, "/health")).status).toBe(200);
  expect((await (await get(ports.work, "/ready")).json()).checks).toEqual({ database: "ok", redis: "ok" });
  expect((await (await get(ports.listen, "/ready")).json()).checks).toEqual({ database: "ok", redis: "ok", cursor: "ok" });
});

test("storing killmails moves the listener's and the worker's counters", async () => {
  emulator.emulator.publish(PUBLISHED);
  await waitFor({ check: async () => (await db.sql`select count(*)::int as count from killmails`)[0]!.count >= PUBLISHED, timeoutMs: 30_000, what: "killmails stored" });
  const stored = async () => findSample({ ...(await scrape({ port: ports.work })), name: "killboard_killmails_processed_total", labels: { source: "r2z2", outcome: "stored", role: "work" } });
  await waitFor({ check: async () => (await stored()) === PUBLISHED, timeoutMs: 5_000, what: "stored counter" });
  const work = await scrape({ port: ports.work });
  expect(findSample({ families: work.families, name: "killboard_ingest_latency_seconds_count", labels: { source: "r2z2" } })).toBe(PUBLISHED);
  expect(findSample({ families: work.families, name: "killboard_queue_jobs", labels: { queue: "killmails", state: "completed" } })).toBeGreaterThanOrEqual(PUBLISHED);
  expect(findSample({ families: work.families, name: "killboard_db_pool_max_connections" })).toBe(4);
  const listen = await scrape({ port: ports.listen });
  expect(findSample({ families: listen.families, name: "killboard_feed_entries_total", labels: { feed: "r2z2", outcome: "accepted" } })).toBe(PUBLISHED);
  expect(findSample({ families: listen.families, name: "killboard_r2z2_cursor_sequence" })).toBe(FIRST_SEQUENCE + PUBLISHED - 1);
  expect(findSample({ families: listen.families, name: "killboard_r2z2_cursor_lag_sequences" })).toBe(0);
  for (const { text } of [work, listen]) {
    const verdict = runPromtool({ text });
    if (verdict) expect(verdict).toEqual({ ok: true, output: "" });
  }
}, 60_000);

test("cron counts the run it made at start", async () => {
  const runs = async () => findSample({ ...(await scrape({ port: ports.cron })), name: "killboard_cron_runs_total", labels: { job: "partitions", outcome: "succeeded" } });
  await waitFor({ check: async () => (await runs()) === 1, timeoutMs: 20_000, what: "the partitions run counted" });
});

test("serve times requests by route and shows /metrics on its own port only with ADMIN_TOKEN", async () => {
  expect((await get(ports.serve, "/kill/1/")).status).toBe(404);
  expect((await get(ports.serve, "/metrics")).status).toBe(401);
  const { families, text } = await scrape({ port: ports.serve, headers: { Authorization: `Bearer ${TOKEN}` } });
  const series = families.get("killboard_http_request_duration_seconds")!.samples.filter((sample) => sample.name.endsWith("_count"));
  expect(series.some((sample) => sample.labels.route?.startsWith("/kill/:id") && sample.labels.status === "404")).toBe(true);
  expect(text).not.toContain(TOKEN);
  // The operations port carries the same registry and needs no token.
  expect((await get(ports.serveMetrics, "/metrics")).status).toBe(200);
});

test("a taken operations port stops the role with one line naming METRICS_PORT", async () => {
  const taken = Bun.serve({ port: 0, fetch: () => new Response("taken") });
  try {
    const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: `${redis.prefix}-taken` };
    const role = spawnRole({ args: ["work", "--metrics-port", String(taken.port)], env });
    expect(await role.proc.exited).toBe(1);
    const lines = role.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`port ${taken.port} is already in use; set METRICS_PORT (or --metrics-port) to a free port`);
  } finally {
    taken.stop(true);
  }
});
