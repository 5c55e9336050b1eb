/** runRole against the real PostgreSQL and Redis: what it opens works, and it closes in order, also on failure. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Sql } from "../db/db.client.ts";
import type { RedisClient } from "../redis/redis.client.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { TEST_REDIS_URL } from "../../test/support/redis.ts";
import { runRole } from "./role.run.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const saved = { DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL, LOG_LEVEL: process.env.LOG_LEVEL };

beforeAll(async () => {
  db = await createTestDatabase({ max: 1 });
  // runRole reads its config like every role does; bun runs test files one after another, so this is ours.
  Object.assign(process.env, { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, LOG_LEVEL: "silent" });
});
afterAll(async () => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await db.drop();
});

const isClosed = async (sql: Sql) => sql`select 1`.then(() => false, () => true);

test("the role's own close steps run last-registered first, while Redis and PostgreSQL are still open; then both close", async () => {
  const seen: string[] = [];
  let opened: { sql: Sql; redis: RedisClient } | undefined;
  await runRole({
    tag: "test",
    db: { max: 1 },
    redis: ["producer"],
    async run({ sql, redis, defer }) {
      opened = { sql, redis: redis.producer };
      expect(await redis.producer.ping()).toBe("PONG");
      defer(async () => seen.push(`queues (redis ${redis.producer.status}, sql ${(await isClosed(sql)) ? "closed" : "open"})`));
      defer(() => seen.push("workers"));
    },
  });
  expect(seen).toEqual(["workers", "queues (redis ready, sql open)"]);
  expect(opened!.redis.status).toBe("end");
  expect(await isClosed(opened!.sql)).toBe(true);
});

test("a role that fails still closes what was opened, and its error reaches the caller", async () => {
  let opened: { sql: Sql; redis: RedisClient } | undefined;
  const failure = runRole({
    tag: "test",
    db: { max: 1 },
    redis: ["cache"],
    async run({ sql, redis }) {
      opened = { sql, redis: redis.cache };
      throw new Error("start-up failed half-way");
    },
  });
  await expect(failure).rejects.toThrow("start-up failed half-way");
  expect(opened!.redis.status).toBe("end");
  expect(await isClosed(opened!.sql)).toBe(true);
});
