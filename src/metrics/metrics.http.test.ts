import { expect, test } from "bun:test";
import { Hono } from "hono";
import { parseExposition } from "../../test/support/prometheus.ts";
import { createMetrics, renderMetrics } from "./metrics.registry.ts";

async function routeLabels({ build, requests }: { build: (app: Hono) => Hono; requests: Request[] }) {
  const metrics = createMetrics({ role: "test" });
  const app = build(new Hono().use(metrics.http.middleware));
  for (const request of requests) await app.request(request);
  const families = parseExposition({ text: (await renderMetrics({ metrics })).body });
  const samples = families.get("killboard_http_request_duration_seconds")!.samples.filter((sample) => sample.name.endsWith("_count"));
  return samples.map(({ labels: { method, route, status }, value }) => ({ method, route, status, count: value }));
}

test("requests are counted by route pattern, never by their raw URL or a made-up method", async () => {
  const labels = await routeLabels({
    build: (app) => app.get("/kill/:id/", (c) => c.text("ok")),
    requests: [new Request("http://x/kill/1/"), new Request("http://x/kill/2/"), new Request("http://x/nowhere"), new Request("http://x/kill/1/", { method: "PROPFIND" })],
  });
  expect(labels).toEqual([
    { method: "GET", route: "/kill/:id/", status: "200", count: 2 },
    { method: "GET", route: "unmatched", status: "404", count: 1 },
    { method: "OTHER", route: "unmatched", status: "404", count: 1 },
  ]);
});

test("an answer from a middleware (a cache hit) counts under the route that would have answered", async () => {
  const labels = await routeLabels({
    build: (app) => app.use(async (c) => c.text("cached")).get("/kill/:id/", (c) => c.text("rendered")),
    requests: [new Request("http://x/kill/1/")],
  });
  expect(labels).toEqual([{ method: "GET", route: "/kill/:id/", status: "200", count: 1 }]);
});
