import { expect, test } from "bun:test";
import { Hono } from "hono";
import { createRateLimit, type RateLimitOptions } from "./web.ratelimit.ts";

/** What Bun.serve hands fetch as its second argument; the rate limit reads the socket address from it. */
const fromSocket = (address: string) => ({ requestIP: () => ({ address, family: "IPv4", port: 40_000 }) });

function createLimitedApp(options: Omit<RateLimitOptions, "capacity" | "refillPerSecond">) {
  const app = new Hono().use(createRateLimit({ capacity: 1, refillPerSecond: 0.001, now: () => 0, ...options })).get("/", (c) => c.text("ok"));
  return ({ socket = "203.0.113.7", flyClientIp }: { socket?: string; flyClientIp?: string }) =>
    app.request("/", { headers: flyClientIp ? { "Fly-Client-IP": flyClientIp } : {} }, fromSocket(socket));
}

test("a Fly-Client-IP header is ignored unless the app is told it sits behind Fly's proxy", async () => {
  const request = createLimitedApp({});
  expect((await request({ flyClientIp: "198.51.100.1" })).status).toBe(200);
  expect((await request({ flyClientIp: "198.51.100.2" })).status).toBe(429);
  expect((await request({ socket: "192.0.2.9", flyClientIp: "198.51.100.1" })).status).toBe(200);
});

test("behind Fly's proxy each Fly-Client-IP gets its own bucket, whatever the proxy's socket address", async () => {
  const request = createLimitedApp({ trustProxyHeader: true });
  expect((await request({ socket: "fdaa::1", flyClientIp: "198.51.100.1" })).status).toBe(200);
  expect((await request({ socket: "fdaa::1", flyClientIp: "198.51.100.2" })).status).toBe(200);
  expect((await request({ socket: "fdaa::2", flyClientIp: "198.51.100.1" })).status).toBe(429);
});

test("past 50,000 client keys the stalest buckets are forgotten, not a recently limited client's", async () => {
  const request = createLimitedApp({ trustProxyHeader: true });
  const key = (i: number) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`;
  await request({ flyClientIp: "198.51.100.1" });
  for (let i = 0; i < 49_999; i++) await request({ flyClientIp: key(i) });
  expect((await request({ flyClientIp: "198.51.100.1" })).status).toBe(429);
  for (let i = 0; i < 2; i++) await request({ flyClientIp: `172.16.0.${i}` });
  expect((await request({ flyClientIp: "198.51.100.1" })).status).toBe(429);
  expect((await request({ flyClientIp: key(0) })).status).toBe(200);
}, 60_000);
