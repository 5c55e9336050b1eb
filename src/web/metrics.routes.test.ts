import { expect, test } from "bun:test";
import { createMetrics } from "../metrics/metrics.registry.ts";
import { createMetricsRoutes } from "./metrics.routes.ts";

const TOKEN = "t".repeat(40);
const metrics = createMetrics({ role: "serve" });

test("with ADMIN_TOKEN set, serve's /metrics answers only the token", async () => {
  const app = createMetricsRoutes({ metrics, token: TOKEN });
  expect((await app.request("/metrics")).status).toBe(401);
  expect((await app.request("/metrics", { headers: { Authorization: `Bearer ${"x".repeat(40)}` } })).status).toBe(401);
  const allowed = await app.request("/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(allowed.status).toBe(200);
  expect(await allowed.text()).toContain("killboard_http_request_duration_seconds");
});

test("without ADMIN_TOKEN, serve's /metrics is open", async () => {
  expect((await createMetricsRoutes({ metrics }).request("/metrics")).status).toBe(200);
});
