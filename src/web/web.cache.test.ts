import { expect, test, spyOn } from "bun:test";
import { Hono } from "hono";
import { createMicrocache } from "./web.cache.ts";
import { createRateLimit } from "./web.ratelimit.ts";

function createCountingApp({ cacheControl, now }: { cacheControl: string; now: () => number }) {
  let renders = 0;
  const app = new Hono().use(createMicrocache({ now }).middleware).get("/", (c) => c.text(`render ${++renders}`, 200, { "Cache-Control": cacheControl }));
  return { app, renders: () => renders };
}

test("a cacheable page renders once per lifetime and revalidates with its ETag", async () => {
  let clock = 0;
  const { app, renders } = createCountingApp({ cacheControl: "public, max-age=30", now: () => clock });
  const first = await app.request("/");
  await app.request("/");
  expect(renders()).toBe(1);
  expect((await app.request("/", { headers: { "If-None-Match": first.headers.get("etag")! } })).status).toBe(304);
  clock += 11_000; // past the microcache cap of 10 s
  expect(await (await app.request("/")).text()).toBe("render 2");
});

test("past its fresh life, a page is served stale while one background request renders it again", async () => {
  let clock = 0;
  let renders = 0;
  const app: Hono = new Hono()
    .use(createMicrocache({ now: () => clock, refetch: (request) => Promise.resolve(app.fetch(request)) }).middleware)
    .get("/", (c) => c.text(`render ${++renders}`, 200, { "Cache-Control": "public, max-age=5, stale-while-revalidate=60" }));
  await app.request("http://localhost/");
  clock += 6_000;
  expect(await (await app.request("http://localhost/")).text()).toBe("render 1");
  await Bun.sleep(5);
  expect(renders).toBe(2);
  expect(await (await app.request("http://localhost/")).text()).toBe("render 2");
  expect(await (await app.request("http://localhost/", { headers: { "x-microcache-refresh": "guess" } })).text()).toBe("render 2");
});

test("concurrent misses share one render", async () => {
  const { app, renders } = createCountingApp({ cacheControl: "public, max-age=30", now: () => 0 });
  await Promise.all(Array.from({ length: 10 }, () => app.request("/")));
  expect(renders()).toBe(1);
});

test("no-store responses are never kept", async () => {
  const { app, renders } = createCountingApp({ cacheControl: "no-store", now: () => 0 });
  await app.request("/");
  await app.request("/");
  expect(renders()).toBe(2);
});

test("a skipped path is passed on as it streams: nothing buffered, kept or tagged", async () => {
  let renders = 0;
  const app = new Hono().use(createMicrocache({ skip: (path) => path === "/stream" }).middleware).get("/stream", () => {
    renders++;
    // Never closes: buffering it whole would never answer.
    const body = new ReadableStream({ start: (controller) => controller.enqueue(new TextEncoder().encode("data: 1\n\n")) });
    return new Response(body, { headers: { "Cache-Control": "public, max-age=10", "Content-Type": "text/event-stream" } });
  });
  for (const _ of [1, 2]) {
    const response = await app.request("/stream");
    expect(response.headers.get("etag")).toBeNull();
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("data: 1\n\n");
    await reader.cancel();
  }
  expect(renders).toBe(2);
});

test("the token bucket refills with time", async () => {
  let clock = 0;
  const app = new Hono().use(createRateLimit({ capacity: 1, refillPerSecond: 1, now: () => clock })).get("/", (c) => c.text("ok"));
  expect((await app.request("/")).headers.get("x-ratelimit-remaining")).toBe("0");
  const limited = await app.request("/");
  expect(limited.status).toBe(429);
  expect(limited.headers.get("retry-after")).toBe("1");
  clock += 1000;
  expect((await app.request("/")).status).toBe(200);
});

test("a client accepting gzip gets the cached page compressed, others get it plain", async () => {
  const app = new Hono().use(createMicrocache().middleware).get("/", (c) => c.json({ rows: "x".repeat(5000) }, 200, { "Cache-Control": "public, max-age=30" }));
  const plain = await app.request("/");
  expect(plain.headers.get("content-encoding")).toBeNull();
  const zipped = await app.request("/", { headers: { "Accept-Encoding": "gzip, br" } });
  expect(zipped.headers.get("content-encoding")).toBe("gzip");
  expect(zipped.headers.get("vary")).toContain("Accept-Encoding");
  const bytes = new Uint8Array(await zipped.arrayBuffer());
  expect(JSON.parse(new TextDecoder().decode(Bun.gunzipSync(bytes))).rows.length).toBe(5000);
});

test("a page is compressed once, for the first client that accepts gzip, and not for clients that do not", async () => {
  const gzip = spyOn(Bun, "gzipSync");
  try {
    const app = new Hono().use(createMicrocache().middleware).get("/", (c) => c.json({ rows: "y".repeat(5000) }, 200, { "Cache-Control": "public, max-age=30" }));
    await app.request("/");
    await app.request("/");
    expect(gzip).toHaveBeenCalledTimes(0);
    const first = new Uint8Array(await (await app.request("/", { headers: { "Accept-Encoding": "gzip" } })).arrayBuffer());
    const second = new Uint8Array(await (await app.request("/", { headers: { "Accept-Encoding": "gzip" } })).arrayBuffer());
    expect(gzip).toHaveBeenCalledTimes(1);
    expect(second).toEqual(first);
    expect(JSON.parse(new TextDecoder().decode(Bun.gunzipSync(first))).rows.length).toBe(5000);
  } finally {
    gzip.mockRestore();
  }
});
