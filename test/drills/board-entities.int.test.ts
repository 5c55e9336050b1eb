/**
 * Drill: BOARD_ENTITIES on a replay of 5,000 kills. The real `listen r2z2` and `work` roles run with an alliance, a
 * corporation and a character of the emulator's pilots as the board; the stored set must be exactly the kills in
 * which one of them is the victim or an attacker, worked out here from the emulator's own records. R2Z2 records
 * carry the body, so the listener drops the others before the queue, and counts each: handled, not lost.
 */
import { expect, test } from "bun:test";
import { FIRST_SEQUENCE } from "../../src/upstream/emulator/feed.ts";
import { createQueues } from "../../src/queue/queue.client.ts";
import { createRedisClient } from "../../src/redis/redis.client.ts";
import { chooseBoard, countOutsideBoard, createPartitionsFor, listStoredIds } from "../support/board.ts";
import { useDrillStack } from "../support/drill-stack.ts";
import { spawnRole, waitFor } from "../support/processes.ts";

const stack = useDrillStack({ name: "board-entities", synthetic: 5_000, days: 2 });

test("with BOARD_ENTITIES set, a replay of 5,000 kills stores exactly those involving the entities", async () => {
  const { records } = stack.emulator.context.dataset;
  const board = chooseBoard({ dataset: stack.emulator.context.dataset });
  // The drill proves something only if the board keeps some kills and drops others.
  expect(board.expected.length).toBeGreaterThan(50);
  expect(board.offBoard).toBeGreaterThan(50);
  await createPartitionsFor({ sql: stack.sql, dataset: stack.emulator.context.dataset });
  const env = { ...stack.env(), BOARD_ENTITIES: board.env };
  const worker = spawnRole({ args: ["work", "--concurrency", "16", "--queues", "killmails"], env });
  const listener = spawnRole({ args: ["listen", "r2z2", "--from-sequence", String(FIRST_SEQUENCE), "--wait-on-404-ms", "50", "--max-requests-per-s", "5000"], env });
  const producer = createRedisClient({ url: stack.redisUrl, purpose: "producer" });
  const queues = createQueues({ connection: producer, prefix: stack.prefix });
  const idle = async () => Object.values(await queues.killmails.getJobCounts("waiting", "prioritized", "active", "delayed")).every((count) => count === 0);
  try {
    stack.emulator.publish(records.length);
    await waitFor({
      check: async () => (await countOutsideBoard({ sql: stack.sql, source: "r2z2" })) === board.offBoard && (await stack.count()).rows === board.expected.length && (await idle()),
      timeoutMs: 100_000, intervalMs: 500, what: `${board.expected.length} stored and ${board.offBoard} kept off the board`,
    }).catch(async (error) => {
      const seen = JSON.stringify({ stored: (await stack.count()).rows, outside: await countOutsideBoard({ sql: stack.sql, source: "r2z2" }) });
      throw new Error(`${error.message} (${seen})\n${listener.output().slice(-1500)}\n${worker.output().slice(-1500)}`);
    });
  } finally {
    expect(await Promise.all([worker.kill("SIGTERM"), listener.kill("SIGTERM")])).toEqual([0, 0]);
  }
  console.info(`board drill (r2z2): ${board.expected.length} of ${records.length} kills on the board`);
  expect(await listStoredIds({ sql: stack.sql })).toEqual(board.expected);
  expect(await queues.killmails.getJobCounts("failed")).toEqual({ failed: 0 });
  await queues.close();
  await producer.quit();
}, 150_000);
