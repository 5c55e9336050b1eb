import { afterAll, beforeAll, expect, test } from "bun:test";
import { createQueues } from "../queue/queue.client.ts";
import { createRedisClient } from "../redis/redis.client.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { IMAGE_UNVIEWED_MS, runHousekeeping } from "./cron.housekeeping.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const redis = createTestRedis({ name: "housekeeping" });
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
  await redis.drop();
});

test("housekeeping purges images nobody viewed for a month after they expired, and expired sessions, and keeps the rest", async () => {
  const now = new Date();
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const rows = [["/img/types/1/icon?size=64", ago(IMAGE_UNVIEWED_MS + 60_000)], ["/img/types/2/icon?size=64", ago(IMAGE_UNVIEWED_MS - 60_000)],
    ["/img/types/3/icon?size=64", new Date(now.getTime() + 86_400_000)]] as const;
  for (const [path, expiresAt] of rows) {
    await db.sql`insert into image_cache (path, status, content_type, body, etag, fetched_at, expires_at)
      values (${path}, 200, 'image/png', ${Buffer.from([1, 2, 3])}, null, ${ago(IMAGE_UNVIEWED_MS * 2)}, ${expiresAt})`;
  }
  const [{ accountId } = { accountId: 0 }] = await db.sql<{ accountId: number }[]>`insert into accounts default values returning account_id`;
  for (const [hash, expiresAt] of [["old", ago(1)], ["live", new Date(now.getTime() + 86_400_000)]] as const) {
    await db.sql`insert into account_sessions (session_hash, account_id, created_at, expires_at) values (${Buffer.from(hash)}, ${accountId}, ${ago(86_400_000)}, ${expiresAt})`;
  }
  const connection = createRedisClient({ url: redis.url, purpose: "producer" });
  try {
    const result = await runHousekeeping({ sql: db.sql, queues: createQueues({ connection, prefix: redis.prefix }), now, keepCompletedMs: 1, keepFailedMs: 1 });
    expect(result).toMatchObject({ imagesPurged: 1, expiredSessions: 1 });
  } finally {
    connection.disconnect();
  }
  const kept = await db.sql<{ path: string }[]>`select path from image_cache order by path`;
  expect(kept.map((row) => row.path)).toEqual([rows[1][0], rows[2][0]]);
  const sessions = await db.sql<{ sessionHash: Buffer }[]>`select session_hash from account_sessions`;
  expect(sessions.map((row) => row.sessionHash.toString())).toEqual(["live"]);
});
