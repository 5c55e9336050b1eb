/**
 * Real Redis for tests, on a logical database of its own (TEST_REDIS_URL, default db 15). Each test file takes a
 * unique BullMQ prefix and key namespace so files running in parallel never see each other's jobs; `drop()`
 * deletes that namespace's keys.
 */
import { Redis } from "ioredis";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/15";

export function createTestRedis({ name }: { name: string }) {
  const prefix = `t-${name}-${process.pid}-${Math.random().toString(36).slice(2, 7)}`;
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 3 });
  return {
    url: TEST_REDIS_URL,
    prefix,
    redis,
    async drop() {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== "0");
      await redis.quit();
    },
  };
}
