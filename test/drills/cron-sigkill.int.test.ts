/**
 * Drill: `killboard cron` is SIGKILLed in the middle of a gap reconciliation. Its run stays `running` until the
 * next period's run (in a restarted process) marks it abandoned and does the work again; the work is not doubled:
 * every missing killmail is queued once (`km-<id>` jobs) and, once a worker runs, stored once.
 */
import { afterAll, expect, test } from "bun:test";
import { Queue } from "bullmq";
import { useDrillStack } from "../support/drill-stack.ts";
import { spawnRole, waitFor } from "../support/processes.ts";
import { onlyCronJobs } from "../support/cron.ts";

const SYNTHETIC = 2_000;
const stack = useDrillStack({ name: "cron-sigkill", synthetic: SYNTHETIC, days: 3 });
let queue: Queue | undefined;
afterAll(() => queue?.close());

const env = () => ({ ...stack.env(), RECONCILE_DAYS: "4", CRON_SCHEDULES: onlyCronJobs({ reconcile: "*/3 * * * * *" }) });
const queued = async () => Object.values(await queue!.getJobCounts("waiting", "prioritized", "delayed", "active")).reduce((a, b) => a + b, 0);
const runs = () => stack.sql<{ id: number; outcome: string }[]>`select id, outcome from cron_runs where job = 'reconcile' order by id`;

test("a reconciliation cut by SIGKILL is abandoned, done again next period, and queues each killmail once", async () => {
  queue = new Queue("killmails", { connection: { url: stack.redisUrl }, prefix: stack.prefix });
  // Slow history answers stretch the run over seconds, so the SIGKILL lands inside it.
  stack.emulator.setFaults({ delayMs: 500 });
  const first = spawnRole({ args: ["cron"], env: env() });
  await waitFor({ check: async () => (await queued()) > 0, timeoutMs: 30_000, what: "the first jobs queued" });
  await first.kill("SIGKILL");
  expect(await queued()).toBeLessThan(SYNTHETIC);
  const [killed] = await runs();
  expect(killed?.outcome).toBe("running");

  const second = spawnRole({ args: ["cron"], env: env() });
  try {
    await waitFor({ check: async () => (await runs()).some((run) => run.id > killed!.id && run.outcome === "succeeded"), timeoutMs: 30_000, what: "a reconcile run to succeed" });
  } finally {
    expect(await second.kill("SIGTERM")).toBe(0);
  }
  expect((await runs()).find((run) => run.id === killed!.id)?.outcome).toBe("abandoned");
  expect(await queued()).toBe(SYNTHETIC);

  stack.emulator.setFaults({ delayMs: 0 });
  const worker = spawnRole({ args: ["work", "--concurrency", "16", "--queues", "killmails"], env: env() });
  try {
    await waitFor({ check: async () => (await stack.count()).rows >= SYNTHETIC, timeoutMs: 90_000, what: `${SYNTHETIC} stored` });
  } finally {
    await worker.kill("SIGTERM");
  }
  expect(await stack.count()).toEqual({ rows: SYNTHETIC, distinct: SYNTHETIC });
}, 180_000);
