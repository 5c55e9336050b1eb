/**
 * Per-client token bucket, in process. Why not Redis: a Redis round trip on every request would cost more than
 * rendering a cached page, and the limit exists to stop one client from hogging an instance, which a local
 * bucket does exactly. With N instances a client gets at most N times the limit; that is acceptable for abuse
 * protection (the CDN/proxy in front holds the global line).
 */
import type { MiddlewareHandler } from "hono";
import { getConnInfo } from "hono/bun";

export type RateLimitOptions = { capacity: number; refillPerSecond: number; now?: () => number };

const MAX_CLIENTS = 50_000;

function clientKey(c: Parameters<MiddlewareHandler>[0]) {
  const proxied = c.req.header("fly-client-ip");
  if (proxied) return proxied;
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // app.request() in tests has no socket
  }
}

export function createRateLimit({ capacity, refillPerSecond, now = () => Date.now() }: RateLimitOptions): MiddlewareHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return async (c, next) => {
    const key = clientKey(c);
    const time = now();
    const bucket = buckets.get(key) ?? { tokens: capacity, at: time };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((time - bucket.at) / 1000) * refillPerSecond);
    bucket.at = time;
    if (buckets.size >= MAX_CLIENTS && !buckets.has(key)) buckets.clear();
    buckets.set(key, bucket);
    const resetSeconds = Math.ceil((capacity - bucket.tokens) / refillPerSecond);
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerSecond));
      return c.json({ error: "Too many requests", retryAfterSeconds: retryAfter }, 429, {
        "Retry-After": String(retryAfter), "X-RateLimit-Limit": String(capacity), "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": String(retryAfter),
      });
    }
    bucket.tokens -= 1;
    await next();
    c.res.headers.set("X-RateLimit-Limit", String(capacity));
    c.res.headers.set("X-RateLimit-Remaining", String(Math.floor(bucket.tokens)));
    c.res.headers.set("X-RateLimit-Reset", String(resetSeconds));
  };
}
