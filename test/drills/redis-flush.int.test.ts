/**
 * Drill: Redis is flushed (FLUSHALL: queue, jobs and the live stream gone) in the middle of a 5,000-killmail
 * replay. The listener's cursor lives in PostgreSQL, so what was queued but not yet stored is lost from Redis;
 * one gap reconciliation run (`killboard cron run reconcile`) queues it again from zKillboard's history, and
 * every killmail the emulator's totals list ends up stored exactly once.
 */
import { expect, test } from "bun:test";
import { Queue } from "bullmq";
import { FIRST_SEQUENCE } from "../../src/upstream/emulator/feed.ts";
import { useDrillStack } from "../support/drill-stack.ts";
import { runRole, spawnRole, waitFor } from "../support/processes.ts";

const stack = useDrillStack({ name: "redis-flush", synthetic: 5_000, days: 2, ownRedis: true });

/** Where the killmails that never got stored are, for a failure message worth reading. */
async function describeMissing() {
  const queue = new Queue("killmails", { connection: { url: stack.redisUrl }, prefix: stack.prefix });
  const stored = new Set((await stack.sql<{ killmailId: number }[]>`select killmail_id from killmail_ids`).map((row) => Number(row.killmailId)));
  const missing = stack.emulator.context.dataset.records.map((record) => record.killmail_id).filter((id) => !stored.has(id));
  const states = await Promise.all(missing.slice(0, 10).map(async (id) => `${id}:${await (await queue.getJob(`km-${id}`))?.getState()}`));
  const counts = await queue.getJobCounts();
  await queue.close();
  return `${missing.length} missing (${states.join(", ")}); jobs ${JSON.stringify(counts)}`;
}

const cursor = async () => Number((await stack.sql<{ cursor: string }[]>`select cursor from feed_cursors where feed = ${"r2z2"}`)[0]?.cursor ?? 0);

/** Resolves once the stored count stops moving (two equal readings `intervalMs` apart). */
async function waitUntilSettled() {
  let previous = -1;
  await waitFor({ check: async () => {
    const now = (await stack.count()).rows;
    const settled = now === previous;
    previous = now;
    return settled;
  }, timeoutMs: 90_000, intervalMs: 2_000, what: "the worker to settle" });
}

test("after FLUSHALL mid-replay, one reconciliation run brings every killmail back, each stored once", async () => {
  const total = stack.emulator.context.dataset.records.length;
  // The listener outruns the worker: at the flush, thousands are queued but not stored.
  const worker = spawnRole({ args: ["work", "--concurrency", "8", "--queues", "killmails"], env: stack.env() });
  const listener = spawnRole({ args: ["listen", "r2z2", "--from-sequence", String(FIRST_SEQUENCE), "--wait-on-404-ms", "50", "--max-requests-per-s", "5000"], env: stack.env() });
  try {
    stack.emulator.publish(total);
    await waitFor({ check: async () => (await stack.count()).rows >= 300, timeoutMs: 60_000, what: "300 stored" });
    await stack.flushRedis();
    const atFlush = (await stack.count()).rows;
    await waitFor({ check: async () => (await cursor()) >= FIRST_SEQUENCE + total - 1, timeoutMs: 60_000, what: "the listener at the head" });
    // Whatever survived the flush drains; what was lost stays lost until reconciliation.
    await waitUntilSettled();
    const beforeReconcile = (await stack.count()).rows;
    expect(atFlush).toBeLessThan(total);
    expect(beforeReconcile).toBeLessThan(total);
    const run = await runRole({ args: ["cron", "run", "reconcile"], env: { ...stack.env(), RECONCILE_DAYS: "3" } });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.output.trim().split("\n").at(-1)!).counts.queued).toBe(total - beforeReconcile);
    await waitFor({ check: async () => (await stack.count()).rows >= total, timeoutMs: 120_000, what: `${total} stored` })
      .catch(async (error) => { throw new Error(`${error.message}: ${await describeMissing()}\nworker: ${worker.output().slice(-1500)}`); });
  } finally {
    await Promise.all([worker.kill("SIGTERM"), listener.kill("SIGTERM")]);
  }
  expect(await stack.count()).toEqual({ rows: total, distinct: total });
}, 240_000);
