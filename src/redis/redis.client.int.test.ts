/** connectRedis against the real Redis: proven at start, one error naming REDIS_URL, one log line per outage. */
import { expect, test } from "bun:test";
import { createConsola, type LogObject } from "consola";
import { TEST_REDIS_URL } from "../../test/support/redis.ts";
import { startTcpProxy } from "../../test/support/tcp-proxy.ts";
import { waitFor } from "../../test/support/processes.ts";
import { closeRedisClients, connectRedis } from "./redis.client.ts";

function createRecordingLogger() {
  const entries: LogObject[] = [];
  const logger = createConsola({ level: 5, reporters: [{ log: (entry) => void entries.push(entry) }] });
  const lines = (type: string) => entries.filter((entry) => entry.type === type).map((entry) => String(entry.args[0]));
  return { logger, lines };
}

test("an unreachable REDIS_URL is one error naming it and its host, without the password", async () => {
  const { logger } = createRecordingLogger();
  const proxy = await startTcpProxy({ url: TEST_REDIS_URL });
  await proxy.close();
  const url = proxy.url.replace("redis://", "redis://:hunter2@");
  const attempt = connectRedis({ url, purpose: "producer", logger });
  const error = await attempt.then(() => null, (caught: Error & { code?: string }) => caught);
  expect(error?.code).toBe("redis.unreachable");
  expect(error?.message).toContain(`cannot connect to REDIS_URL (127.0.0.1:${new URL(proxy.url).port}/15)`);
  expect(error?.message).not.toContain("hunter2");
});

test("a proven client answers, and a later outage is logged once however many reconnects fail", async () => {
  const { logger, lines } = createRecordingLogger();
  const proxy = await startTcpProxy({ url: TEST_REDIS_URL });
  const client = await connectRedis({ url: proxy.url, purpose: "cache", name: "redis-test", logger });
  try {
    expect(await client.ping()).toBe("PONG");
    let errors = 0;
    client.on("error", () => errors++);
    await proxy.close();
    await waitFor({ check: async () => errors >= 3, timeoutMs: 20_000, what: "three failed reconnects" });
    expect(lines("warn")).toEqual([expect.stringContaining(`lost REDIS_URL (127.0.0.1:${new URL(proxy.url).port}/15)`)]);
  } finally {
    await closeRedisClients({ clients: [client] });
  }
}, 30_000);
