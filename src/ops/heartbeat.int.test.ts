import { afterAll, expect, test } from "bun:test";
import { createConsola } from "consola";
import { createTestRedis } from "../../test/support/redis.ts";
import { waitFor } from "../../test/support/processes.ts";
import { listHeartbeats, startRoleHeartbeat } from "./heartbeat.ts";

const redis = createTestRedis({ name: "heartbeat" });
afterAll(() => redis.drop());

const captureLogger = () => {
  const lines: string[] = [];
  return { lines, logger: createConsola({ level: 5, reporters: [{ log: (entry) => void lines.push(entry.args.map(String).join(" ")) }] }) };
};

test("a role's heartbeat is listed while it runs and removed when it stops", async () => {
  const { logger } = captureLogger();
  const heartbeat = startRoleHeartbeat({ url: redis.url, prefix: redis.prefix, role: "listen r2z2", logger });
  await waitFor({ check: async () => (await listHeartbeats({ redis: redis.redis, prefix: redis.prefix })).length === 1, timeoutMs: 5_000, what: "a heartbeat" });
  const [beat] = await listHeartbeats({ redis: redis.redis, prefix: redis.prefix });
  expect(beat).toMatchObject({ role: "listen r2z2", pid: process.pid });
  await heartbeat.stop();
  expect(await listHeartbeats({ redis: redis.redis, prefix: redis.prefix })).toEqual([]);
});

test("with Redis unreachable the heartbeat says so once and stops without throwing", async () => {
  const { lines, logger } = captureLogger();
  const closed = Bun.serve({ port: 0, fetch: () => new Response() });
  const url = `redis://127.0.0.1:${closed.port}/0`;
  closed.stop(true);
  const heartbeat = startRoleHeartbeat({ url, prefix: redis.prefix, role: "cron", logger });
  await waitFor({ check: async () => lines.length > 0, timeoutMs: 5_000, what: "a warning" });
  await heartbeat.stop();
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain("heartbeat: not written");
});
