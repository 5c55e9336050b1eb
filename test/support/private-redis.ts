/**
 * A Redis server of a test's own (Debian's redis-server on a free loopback port), for drills that must do what
 * the shared test Redis cannot allow: FLUSHALL, a restart. Nothing is persisted; `stop()` ends it.
 */
import { Redis } from "ioredis";
import { findFreePort } from "./ports.ts";

/** The server takes a moment to listen: try a fresh client until one answers PING. */
async function connectWhenUp({ url }: { url: string }) {
  for (let attempt = 0; ; attempt++) {
    const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.ping();
      return client;
    } catch (error) {
      client.disconnect();
      if (attempt > 50) throw error;
      await Bun.sleep(100);
    }
  }
}

export async function startPrivateRedis() {
  const port = findFreePort();
  const proc = Bun.spawn(["redis-server", "--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no",
    "--maxmemory-policy", "noeviction"], { stdout: "ignore", stderr: "ignore" });
  const url = `redis://127.0.0.1:${port}/0`;
  const admin = await connectWhenUp({ url });
  return {
    url,
    flushAll: () => admin.flushall(),
    async stop() {
      admin.disconnect();
      proc.kill("SIGKILL");
      await proc.exited;
    },
  };
}
