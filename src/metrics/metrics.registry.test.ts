import { expect, test } from "bun:test";
import { join } from "node:path";
import { Hono } from "hono";
import { findSample, parseExposition, runPromtool } from "../../test/support/prometheus.ts";
import { createMetrics, renderMetrics } from "./metrics.registry.ts";
import { defineWsMetrics } from "./metrics.ws.ts";

/** A registry with every family fed once, as a busy process would have it. */
async function busyMetrics() {
  const metrics = createMetrics({ role: "test", runtime: true });
  metrics.ingest.recordOutcome({ source: "r2z2", outcome: "stored", firstSeenAt: new Date(Date.now() - 1_500) });
  metrics.ingest.recordOutcome({ source: "redisq", outcome: "duplicate" });
  metrics.ingest.recordJob({ queue: "killmails", outcome: "completed", seconds: 0.02 });
  metrics.ingest.recordJob({ queue: "killmails", outcome: "failed", seconds: 0.5, final: true });
  metrics.ingest.watchQueues({ queues: [{ name: "killmails", getJobCounts: async () => ({ waiting: 2, prioritized: 5 }) }] });
  metrics.esi.countRequest({ status: 200 });
  metrics.esi.countRequest({ status: "error" });
  metrics.esi.watchErrorLimit({ read: () => ({ remain: 87, resetAt: Date.now() + 30_000, pausedUntil: 0 }) });
  metrics.feed.countEntry({ feed: "r2z2", outcome: "accepted" });
  metrics.feed.markAdvanced({ feed: "r2z2", at: Date.now() });
  metrics.feed.watchR2z2({ read: async () => ({ cursor: 100, head: 130, cursorUploadedAt: Date.now() / 1000 - 90 }) });
  metrics.db.watchPool({ reader: { max: 4, countConnections: async () => [{ state: "idle", count: 2 }, { state: "active", count: 1 }] } });
  const runner = metrics.cron.instrumentCronRunner({ runner: { runPeriod: async () => ({ outcome: "succeeded" }) } });
  await runner.runPeriod({ job: { name: "rollups" } });
  const app = new Hono().use(metrics.http.middleware).get("/kill/:id/", (c) => c.text("ok"));
  await app.request("/kill/123/");
  defineWsMetrics({ registry: metrics.registry }).setClients({ count: 3 });
  return metrics;
}

test("the exposition of every family is valid Prometheus text", async () => {
  const { body, contentType } = await renderMetrics({ metrics: await busyMetrics() });
  expect(contentType).toStartWith("text/plain; version=0.0.4");
  expect(() => parseExposition({ text: body })).not.toThrow();
  // promtool also lints (naming, units, HELP); without it the format rules above still judged the text.
  const verdict = runPromtool({ text: body });
  if (verdict) expect(verdict).toEqual({ ok: true, output: "" });
});

test("recorded figures appear as samples with their labels and the role", async () => {
  const families = parseExposition({ text: (await renderMetrics({ metrics: await busyMetrics() })).body });
  const value = (name: string, labels: Record<string, string> = {}) => findSample({ families, name, labels: { role: "test", ...labels } });
  expect(value("killboard_killmails_processed_total", { source: "r2z2", outcome: "stored" })).toBe(1);
  expect(value("killboard_ingest_latency_seconds_bucket", { source: "r2z2", le: "1" })).toBe(0);
  expect(value("killboard_ingest_latency_seconds_bucket", { source: "r2z2", le: "2.5" })).toBe(1);
  expect(value("killboard_queue_job_failures_total", { queue: "killmails", final: "true" })).toBe(1);
  expect(value("killboard_queue_jobs", { queue: "killmails", state: "prioritized" })).toBe(5);
  expect(value("killboard_queue_jobs", { queue: "killmails", state: "delayed" })).toBe(0);
  expect(value("killboard_esi_requests_total", { status: "error" })).toBe(1);
  expect(value("killboard_esi_error_limit_remain")).toBe(87);
  expect(value("killboard_r2z2_cursor_lag_sequences")).toBe(30);
  expect(value("killboard_r2z2_cursor_lag_seconds")).toBeGreaterThanOrEqual(90);
  expect(value("killboard_db_connections", { state: "idle" })).toBe(2);
  expect(value("killboard_db_pool_max_connections")).toBe(4);
  expect(value("killboard_cron_runs_total", { job: "rollups", outcome: "succeeded" })).toBe(1);
  expect(value("killboard_http_request_duration_seconds_count", { method: "GET", route: "/kill/:id/", status: "200" })).toBe(1);
  expect(value("killboard_ws_clients")).toBe(3);
  expect(value("process_cpu_seconds_total")).toBeGreaterThan(0);
});

test("a queue that does not answer leaves its depth out instead of repeating an old figure", async () => {
  const metrics = createMetrics({ role: "test" });
  metrics.ingest.watchQueues({ queues: [{ name: "killmails", getJobCounts: () => Promise.reject(new Error("Redis down")) }] });
  const families = parseExposition({ text: (await renderMetrics({ metrics })).body });
  expect(families.get("killboard_queue_jobs")?.samples).toEqual([]);
});

test("the README documents every metric the killboard exports", async () => {
  const readme = await Bun.file(join(import.meta.dir, "../../README.md")).text();
  const metrics = await busyMetrics();
  const names = (await metrics.registry.getMetricsAsJSON()).map((metric) => metric.name).filter((name) => name.startsWith("killboard_"));
  expect(names.length).toBeGreaterThan(20);
  expect(names.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
});
