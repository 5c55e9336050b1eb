/**
 * Drill: BOARD_ENTITIES when the feed carries no body. RedisQ packages are zkb-only (id and hash), so `listen
 * redisq` queues every kill and the real `work` role decides after fetching it from ESI: the stored set must be
 * exactly the kills involving the board's entities, and every other job completes, counted as outside-board.
 */
import { expect, test } from "bun:test";
import { createQueues } from "../../src/queue/queue.client.ts";
import { createRedisClient } from "../../src/redis/redis.client.ts";
import { TEST_TIMINGS } from "../../src/upstream/emulator/emulator.testing.ts";
import { chooseBoard, countOutsideBoard, createPartitionsFor, listStoredIds } from "../support/board.ts";
import { useDrillStack } from "../support/drill-stack.ts";
import { spawnRole, waitFor } from "../support/processes.ts";

const REDISQ_QUEUE = "board-drill";
// One RedisQ package per request: 1,000 kills keep the drill within seconds.
const stack = useDrillStack({ name: "board-worker", synthetic: 1_000, days: 2, emulatorOptions: { timings: TEST_TIMINGS, redisqQueues: [REDISQ_QUEUE] } });

test("with BOARD_ENTITIES set, kills announced without a body are stored only when ESI's body involves the entities", async () => {
  const { records } = stack.emulator.context.dataset;
  const board = chooseBoard({ dataset: stack.emulator.context.dataset });
  expect(board.expected.length).toBeGreaterThan(10);
  expect(board.offBoard).toBeGreaterThan(10);
  await createPartitionsFor({ sql: stack.sql, dataset: stack.emulator.context.dataset });
  const env = { ...stack.env(), REDISQ_URL: stack.server.redisq, REDISQ_QUEUE_ID: REDISQ_QUEUE, BOARD_ENTITIES: board.env };
  const worker = spawnRole({ args: ["work", "--concurrency", "16", "--queues", "killmails"], env });
  const listener = spawnRole({ args: ["listen", "redisq", "--ttw", "1", "--min-interval-ms", "0"], env });
  const producer = createRedisClient({ url: stack.redisUrl, purpose: "producer" });
  const queues = createQueues({ connection: producer, prefix: stack.prefix });
  try {
    stack.emulator.publish(records.length);
    await waitFor({
      check: async () => (await countOutsideBoard({ sql: stack.sql, source: "redisq" })) === board.offBoard && (await stack.count()).rows === board.expected.length,
      timeoutMs: 60_000, intervalMs: 500, what: `${board.expected.length} stored and ${board.offBoard} kept off the board by the worker`,
    }).catch(async (error) => {
      const failed = (await queues.killmails.getFailed(0, 2)).map((job) => job.failedReason);
      const counts = await queues.killmails.getJobCounts();
      const seen = JSON.stringify({ stored: (await stack.count()).rows, outside: await countOutsideBoard({ sql: stack.sql, source: "redisq" }), failed, counts });
      throw new Error(`${error.message} (${seen})\n${listener.output().slice(-1500)}\n${worker.output().slice(-1500)}`);
    });
  } finally {
    expect(await Promise.all([worker.kill("SIGTERM"), listener.kill("SIGTERM")])).toEqual([0, 0]);
  }
  expect(await listStoredIds({ sql: stack.sql })).toEqual(board.expected);
  expect(await queues.killmails.getJobCounts("failed", "completed")).toEqual({ failed: 0, completed: records.length });
  await queues.close();
  await producer.quit();
}, 120_000);
