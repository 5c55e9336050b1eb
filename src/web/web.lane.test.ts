import { expect, test } from "bun:test";
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { parseExposition } from "../../test/support/prometheus.ts";
import { createMetrics, renderMetrics } from "../metrics/metrics.registry.ts";
import { findRoute } from "../metrics/metrics.http.ts";
import { createMicrocache } from "./web.cache.ts";
import { answerHitsFirst, pickRequestId, type LaneTag } from "./web.lane.ts";
import { createRateLimit, limitsPassed } from "./web.ratelimit.ts";

/** The app's order (web.app.ts): request id, metrics, rate limit, microcache; `passes` counts requests Hono ran. */
function createLanedApp({ capacity = 10, now = () => 0 }: { capacity?: number; now?: () => number } = {}) {
  const metrics = createMetrics({ role: "test" });
  const counts = { passes: 0, renders: 0 };
  const app: Hono = new Hono();
  const microcache = createMicrocache<LaneTag>({ now, refetch: (request) => Promise.resolve(app.fetch(request)),
    tagOf: (c) => ({ route: findRoute({ c }), limits: limitsPassed({ c }) }) });
  app.use(async (_c, next) => {
    counts.passes++;
    await next();
  });
  app.use(requestId()).use(metrics.http.middleware)
    .use("/api/*", createRateLimit({ capacity, refillPerSecond: 0.001, now: () => 0, exempt: microcache.isRefresh }))
    .use(microcache.middleware)
    .get("/api/kill/:id", (c) => c.json({ render: ++counts.renders }, 200, { "Cache-Control": "public, max-age=30, stale-while-revalidate=60" }))
    .get("/page/", (c) => c.text(`page ${++counts.renders}`, 200, { "Cache-Control": "public, max-age=30, stale-while-revalidate=60" }));
  return { app: answerHitsFirst({ app, hit: microcache.hit, metrics: metrics.http }), counts, metrics };
}

test("a hit is answered without running Hono, with its own request id and the rate limit its fill passed", async () => {
  const { app, counts } = createLanedApp();
  const first = await app.request("/api/kill/1");
  const second = await app.request("/api/kill/1", { headers: { "X-Request-Id": "client-id-7" } });
  expect(counts).toEqual({ passes: 1, renders: 1 });
  expect(await second.json()).toEqual({ render: 1 });
  expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
  expect(second.headers.get("x-request-id")).toBe("client-id-7");
  expect([first, second].map((response) => response.headers.get("x-ratelimit-remaining"))).toEqual(["9", "8"]);
  const third = await app.request("/api/kill/1", { headers: { "X-Request-Id": "<script>" } });
  expect(third.headers.get("x-request-id")).not.toBe("<script>");
  expect(third.headers.get("x-request-id")).not.toBe(second.headers.get("x-request-id"));
});

test("a path outside the limit's pattern is not charged on a hit, and an ETag still gets 304", async () => {
  const { app, counts } = createLanedApp();
  const first = await app.request("/page/");
  const second = await app.request("/page/", { headers: { "If-None-Match": first.headers.get("etag")! } });
  expect(second.status).toBe(304);
  expect(second.headers.get("x-ratelimit-limit")).toBeNull();
  expect(counts.passes).toBe(1);
});

test("a client out of tokens on a hit goes on through Hono, which refuses it with 429", async () => {
  const { app, counts } = createLanedApp({ capacity: 2 });
  expect((await app.request("/api/kill/1")).status).toBe(200);
  expect((await app.request("/api/kill/1")).status).toBe(200);
  const refused = await app.request("/api/kill/1");
  expect(refused.status).toBe(429);
  expect(refused.headers.get("retry-after")).toBeTruthy();
  expect(counts).toEqual({ passes: 2, renders: 1 });
});

test("hits count under the route that filled them; a non-GET is never a hit, nor does a guessed refresh header bypass one", async () => {
  const { app, counts, metrics } = createLanedApp();
  for (let i = 0; i < 3; i++) await app.request("/api/kill/5");
  await app.request("/api/kill/5", { headers: { "x-microcache-refresh": "guess" } });
  await app.request("/api/kill/5", { method: "HEAD" });
  expect(counts.passes).toBe(2);
  const families = parseExposition({ text: (await renderMetrics({ metrics })).body });
  const counted = families.get("killboard_http_request_duration_seconds")!.samples.filter((sample) => sample.name.endsWith("_count"))
    .map(({ labels: { method, route, status }, value }) => ({ method, route, status, count: value }));
  expect(counted).toContainEqual({ method: "GET", route: "/api/kill/:id", status: "200", count: 4 });
});

test("a stale hit is answered at once while its background refresh runs through Hono and renders it again", async () => {
  let clock = 0;
  const { app, counts } = createLanedApp({ now: () => clock });
  await app.request("http://localhost/page/");
  clock += 31_000;
  expect(await (await app.request("http://localhost/page/")).text()).toBe("page 1");
  let text = "";
  for (let i = 0; i < 200 && text !== "page 2"; i++) text = await (await app.request("http://localhost/page/")).text();
  expect(text).toBe("page 2");
  expect(counts).toEqual({ passes: 2, renders: 2 });
});

test("a client refused on a stale hit starts no re-render", async () => {
  let clock = 0;
  const { app, counts } = createLanedApp({ capacity: 1, now: () => clock });
  // A client with an address: background refreshes come from no socket, so they have a bucket of their own.
  const socket = { requestIP: () => ({ address: "203.0.113.7", family: "IPv4", port: 40_000 }) };
  await app.request("http://localhost/api/kill/1", {}, socket);
  clock += 31_000;
  expect((await app.request("http://localhost/api/kill/1", {}, socket)).status).toBe(429);
  await Bun.sleep(20);
  expect(counts.renders).toBe(1);
});

test("background refreshes are not charged to a client, and the refreshed page's hits still are", async () => {
  let clock = 0;
  const { app, counts } = createLanedApp({ capacity: 10, now: () => clock });
  const socket = { requestIP: () => ({ address: "203.0.113.7", family: "IPv4", port: 40_000 }) };
  const get = () => app.request("http://localhost/api/kill/1", {}, socket);
  // Requests from no socket (as the refreshes are) use up the bucket of the client "unknown".
  for (let i = 0; i < 10; i++) await app.request(`http://localhost/api/kill/${10 + i}`);
  await get();
  clock += 31_000;
  await get();
  let refreshed: { render: number; remaining: number } | undefined;
  for (let i = 0; i < 8 && refreshed?.render !== 12; i++) {
    const response = await get();
    refreshed = { render: (await response.json()).render, remaining: Number(response.headers.get("x-ratelimit-remaining")) };
    await Bun.sleep(1);
  }
  expect(refreshed?.render).toBe(12);
  expect(counts.renders).toBe(12);
  expect(Number((await get()).headers.get("x-ratelimit-remaining"))).toBe(refreshed!.remaining - 1);
});

test("a failure while answering a hit is Hono's to answer, as any other failure", async () => {
  const { app } = createLanedApp();
  await app.request("/api/kill/1");
  const brokenSocket = { requestIP: () => { throw new Error("socket gone"); } };
  expect((await app.request("/api/kill/1", {}, brokenSocket)).status).toBe(500);
});

test("a request id is kept as hono/request-id keeps one", () => {
  expect(pickRequestId({ given: "abc_DEF-1=" })).toBe("abc_DEF-1=");
  for (const given of [null, "", "a b", "x".repeat(256), "<id>"]) expect(pickRequestId({ given })).toMatch(/^[0-9a-f-]{36}$/);
});
