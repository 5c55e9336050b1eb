import { expect, test } from "bun:test";
import { createMetrics } from "./metrics.registry.ts";
import { createMetricsApp } from "./metrics.server.ts";

const metrics = createMetrics({ role: "test" });

test("/ready is 200 when every dependency answers and 503 naming the one that does not", async () => {
  const healthy = createMetricsApp({ metrics, checks: { database: async () => 1, redis: async () => "PONG" } });
  const ready = await healthy.request("/ready");
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok", redis: "ok" } });
  const failing = createMetricsApp({ metrics, checks: { database: async () => 1, redis: () => Promise.reject(new Error("connection refused")) } });
  const unavailable = await failing.request("/ready");
  expect(unavailable.status).toBe(503);
  expect(await unavailable.json()).toEqual({ status: "unavailable", checks: { database: "ok", redis: "connection refused" } });
});

test("a hung dependency makes /ready answer 503 instead of hanging", async () => {
  const app = createMetricsApp({ metrics, checks: { database: () => new Promise(() => {}) }, probeTimeoutMs: 20 });
  const response = await app.request("/ready");
  expect(response.status).toBe(503);
  expect((await response.json()).checks.database).toBe("timeout");
});

test("a draining process stays healthy but is no longer ready", async () => {
  const controller = new AbortController();
  const app = createMetricsApp({ metrics, checks: {}, signal: controller.signal });
  controller.abort();
  expect((await app.request("/health")).status).toBe(200);
  const ready = await app.request("/ready");
  expect(ready.status).toBe(503);
  expect((await ready.json()).status).toBe("draining");
});

test("/metrics answers the registry as uncached Prometheus text", async () => {
  const response = await createMetricsApp({ metrics, checks: {} }).request("/metrics");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toStartWith("text/plain; version=0.0.4");
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(await response.text()).toContain("# TYPE killboard_killmails_processed_total counter");
});
