/**
 * Drill: PostgreSQL restarts in the middle of ingest (every connection cut, the server back a second later). The
 * worker and the listener stay up and retry; afterwards every killmail is stored exactly once and no job failed.
 */
import { expect, test } from "bun:test";
import { Queue } from "bullmq";
import { FIRST_SEQUENCE } from "../../src/upstream/emulator/feed.ts";
import { useDrillStack } from "../support/drill-stack.ts";
import { spawnRole, waitFor } from "../support/processes.ts";

const stack = useDrillStack({ name: "pg-restart", synthetic: 3_000, days: 2, ownPostgres: true });

test("a PostgreSQL restart mid-ingest loses and doubles nothing, and the roles stay up", async () => {
  const total = stack.emulator.context.dataset.records.length;
  const worker = spawnRole({ args: ["work", "--concurrency", "8", "--queues", "killmails"], env: stack.env() });
  const listener = spawnRole({ args: ["listen", "r2z2", "--from-sequence", String(FIRST_SEQUENCE), "--wait-on-404-ms", "50", "--max-requests-per-s", "2000"], env: stack.env() });
  let exits: (number | null)[] = [];
  try {
    stack.emulator.publish(total);
    await waitFor({ check: async () => (await stack.count()).rows >= 300, timeoutMs: 60_000, what: "300 stored" });
    await stack.restartPostgres();
    expect((await stack.count()).rows).toBeLessThan(total);
    // Jobs that failed while the server was down come back on their retry backoff, so this can take a minute or two.
    await waitFor({ check: async () => (await stack.count()).rows >= total, timeoutMs: 180_000, what: `${total} stored` })
      .catch((error) => { throw new Error(`${error.message}\nworker: ${worker.output().slice(-1500)}\nlistener: ${listener.output().slice(-1500)}`); });
    expect([worker.proc.exitCode, listener.proc.exitCode]).toEqual([null, null]);
  } finally {
    exits = await Promise.all([worker.kill("SIGTERM"), listener.kill("SIGTERM")]);
  }
  // SIGTERM drains: both stop cleanly within the lifecycle's deadline.
  expect(exits).toEqual([0, 0]);
  expect(await stack.count()).toEqual({ rows: total, distinct: total });
  const queue = new Queue("killmails", { connection: { url: stack.redisUrl }, prefix: stack.prefix });
  expect(await queue.getJobCounts("failed")).toEqual({ failed: 0 });
  await queue.close();
}, 300_000);
