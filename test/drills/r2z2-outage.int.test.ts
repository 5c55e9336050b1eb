/**
 * Drill: the listener is down longer than R2Z2 keeps its files. On restart it finds its cursor's sequences expired,
 * moves to the oldest one still served (saying which it skipped) and follows live kills again; one gap
 * reconciliation run then queues the skipped kills from zKillboard's history, and every killmail is stored once.
 */
import { expect, test } from "bun:test";
import { FIRST_SEQUENCE } from "../../src/upstream/emulator/feed.ts";
import { useDrillStack } from "../support/drill-stack.ts";
import { runRole, spawnRole, waitFor } from "../support/processes.ts";

const SYNTHETIC = 3_000;
/** R2Z2 serves only the newest this many sequences here. */
const RETAINED = 500;
const stack = useDrillStack({ name: "r2z2-outage", synthetic: SYNTHETIC, days: 2, emulatorOptions: { r2z2RetainedSequences: RETAINED } });

const startListener = () => spawnRole({ args: ["listen", "r2z2", "--from-sequence", String(FIRST_SEQUENCE), "--wait-on-404-ms", "50", "--max-requests-per-s", "5000"], env: stack.env() });
const stored = async () => (await stack.count()).rows;

test("kills that expired from R2Z2 during an outage come back through reconciliation, each stored once", async () => {
  const worker = spawnRole({ args: ["work", "--concurrency", "16", "--queues", "killmails"], env: stack.env() });
  let listener = startListener();
  try {
    stack.emulator.publish(500);
    await waitFor({ check: async () => (await stored()) >= 500, timeoutMs: 60_000, what: "the first 500 stored" });
    await listener.kill("SIGKILL");
    // The outage: 2,000 kills published while nobody listens; R2Z2 keeps only the newest 500 of them.
    stack.emulator.publish(2_000);
    listener = startListener();
    await waitFor({ check: async () => (await stored()) >= 1_000, timeoutMs: 60_000, what: "the kills R2Z2 still served" });
    expect(listener.output()).toContain(`expired while this listener was away; continuing at ${FIRST_SEQUENCE + 2_000}`);
    // Back on the live feed.
    stack.emulator.publish(500);
    await waitFor({ check: async () => (await stored()) >= 1_500, timeoutMs: 60_000, what: "the live kills after the outage" });
    expect(await stored()).toBe(1_500);
    const run = await runRole({ args: ["cron", "run", "reconcile"], env: { ...stack.env(), RECONCILE_DAYS: "3" } });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.output.trim().split("\n").at(-1)!).counts.queued).toBe(1_500);
    await waitFor({ check: async () => (await stored()) >= SYNTHETIC, timeoutMs: 90_000, what: `${SYNTHETIC} stored` });
  } finally {
    await Promise.all([worker.kill("SIGTERM"), listener.kill("SIGTERM")]);
  }
  expect(await stack.count()).toEqual({ rows: SYNTHETIC, distinct: SYNTHETIC });
}, 240_000);
