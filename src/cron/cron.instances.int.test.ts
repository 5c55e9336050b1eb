/**
 * Real `killboard cron` processes: two instances for several periods run each job exactly once per period, and a
 * cron SIGKILLed in the middle of a job leaves its run abandoned while the next period runs it again.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { spawnRole, waitFor } from "../../test/support/processes.ts";
import { onlyCronJobs } from "../../test/support/cron.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis({ name: "cron-instances" });
});
afterAll(async () => {
  await redis.drop();
  await db.drop();
});

const env = (schedules: string) => ({ DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, CRON_SCHEDULES: schedules, LOG_LEVEL: "info" });

type Row = { period: string; outcome: string; instance: string };
const runsOf = (job: string) => db.sql<Row[]>`select period, outcome, instance from cron_runs where job = ${job} order by period`;

test("two cron processes for several periods run every period of a job exactly once", async () => {
  // Every job but rollups is off, so the test controls what runs.
  const schedules = onlyCronJobs({ rollups: "* * * * * *" });
  const started = Date.now();
  const crons = [spawnRole({ args: ["cron"], env: env(schedules) }), spawnRole({ args: ["cron"], env: env(schedules) })];
  try {
    await waitFor({ check: async () => (await runsOf("rollups")).length >= 7, timeoutMs: 20_000, what: "seven rollup periods" });
  } finally {
    expect(await Promise.all(crons.map((cron) => cron.kill("SIGTERM")))).toEqual([0, 0]);
  }
  const runs = (await runsOf("rollups")).filter((run) => Date.parse(run.period) >= started - 1_000);
  const periods = runs.map((run) => Date.parse(run.period));
  expect(new Set(periods).size).toBe(periods.length);
  // Consecutive seconds: no period was skipped between the first and the last.
  expect(periods.at(-1)! - periods[0]!).toBe((periods.length - 1) * 1_000);
  // A process still starting can fire its first tick late, into the next second, which the other then skips by
  // design (an earlier run still going); from the third period on both run steadily and every period succeeds.
  const steady = runs.filter((run) => Date.parse(run.period) >= periods[0]! + 2_000);
  expect(steady.length).toBeGreaterThanOrEqual(4);
  expect(steady.filter((run) => run.outcome !== "succeeded")).toEqual([]);
  const [{ count } = { count: 0 }] = await db.sql<{ count: number }[]>`select count(*)::int as count from cron_runs where job = 'rollups' and outcome = 'running'`;
  expect(count).toBe(0);
}, 40_000);
