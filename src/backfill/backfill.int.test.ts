/**
 * Backfill over a 7-day range of synthetic history stores exactly the totals.json count, with `--raw` (0 ESI
 * calls) and via ESI; each run is SIGKILLed partway and restarted, and lands the same count.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import { startWorkService } from "../ingest/work.service.ts";
import { loadEmulatorDataset } from "../upstream/emulator/dataset.ts";
import { createEmulator } from "../upstream/emulator/emulator.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { runRole, spawnRole, waitFor } from "../../test/support/processes.ts";

const START = "2026-11-01";
const END = "2026-11-07";
const logger = createLogger({ config: { LOG_LEVEL: "error", LOG_FORMAT: "pretty" }, tag: "backfill-test" });

let emulator: Awaited<ReturnType<typeof createEmulator>>;
let server: Awaited<ReturnType<Awaited<ReturnType<typeof createEmulator>>["start"]>>;
let expected = 0;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const dataset = await loadEmulatorDataset({ synthetic: 2_100, startDate: START, endDate: END });
  // Real ESI allows 3600 killmail tokens per 15 min (1800 fetches); this run needs more within a minute.
  const killmail = { name: "killmail", maxTokens: 1_000_000, windowMs: 900_000, label: "1000000/15m" };
  emulator = await createEmulator({ dataset, options: { esiBuckets: { killmail } } });
  server = await emulator.start({ port: 0 });
  const totals = (await (await fetch(`${server.r2z2}/history/totals.json`)).json()) as Record<string, number>;
  expected = Object.entries(totals).filter(([day]) => day >= "20261101" && day <= "20261107").reduce((sum, [, n]) => sum + n, 0);
});

afterAll(async () => {
  await server?.stop();
  for (const cleanup of cleanups) await cleanup();
});

async function setup(name: string) {
  const db = await createTestDatabase();
  const redis = createTestRedis({ name });
  cleanups.push(() => redis.drop(), () => db.drop());
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, R2Z2_BASE_URL: server.r2z2, ESI_BASE_URL: server.esi };
  const stored = async () => (await db.sql<{ count: number }[]>`select count(*)::int as count from killmails`)[0]!.count;
  return { db, redis, env, stored };
}

const args = (raw: boolean) => ["backfill", "zkillboard", "--start-date", START, "--end-date", END, ...(raw ? ["--raw"] : [])];

test("--raw stores exactly the totals.json count with no ESI call, also after a SIGKILL halfway", async () => {
  const { env, stored } = await setup("backfill-raw");
  const esiBefore = emulator.stats().esiCalls;
  const first = spawnRole({ args: args(true), env });
  await waitFor({ check: async () => (await stored()) >= expected / 2 || first.proc.exitCode !== null, timeoutMs: 60_000, what: "half stored" });
  await first.kill("SIGKILL");
  const second = await runRole({ args: args(true), env });
  expect(second.exitCode).toBe(0);
  expect(expected).toBeGreaterThan(2_000);
  expect(await stored()).toBe(expected);
  expect(emulator.stats().esiCalls - esiBefore).toBe(0);
  const check = await runRole({ args: ["debug", "check-data", "--json", "--start-date", START, "--end-date", END], env });
  const report = JSON.parse(check.output.trim().split("\n").at(-1)!) as { days: { day: string; stored: number; expected: number }[]; stored: number; gaps: string[] };
  expect(report.days).toHaveLength(7);
  expect(report.days.every((day) => day.stored === day.expected)).toBe(true);
  expect(report.stored).toBe(expected);
  expect(report.gaps).toEqual([]);
}, 90_000);

test("via ESI stores exactly the totals.json count, also after a SIGKILL partway", async () => {
  const { db, redis, env, stored } = await setup("backfill-esi");
  const service = await startWorkService({
    sql: db.sql, redisUrl: redis.url, esiBaseUrl: server.esi, userAgent: "killboard-test", prefix: redis.prefix,
    concurrency: 16, queueNames: ["killmails"], logger,
  });
  try {
    const first = spawnRole({ args: args(false), env });
    await waitFor({ check: async () => (await stored()) >= expected / 4 || first.proc.exitCode !== null, timeoutMs: 60_000, what: "a quarter stored" });
    await first.kill("SIGKILL");
    const second = await runRole({ args: args(false), env });
    expect(second.exitCode).toBe(0);
    await waitFor({ check: async () => (await stored()) >= expected, timeoutMs: 60_000, what: `${expected} stored` });
  } finally {
    await service.close();
  }
  expect(await stored()).toBe(expected);
}, 120_000);
