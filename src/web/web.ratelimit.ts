/**
 * Per-client token bucket, in process. Why not Redis: a Redis round trip on every request would cost more than
 * rendering a cached page, and the limit exists to stop one client from hogging an instance, which a local
 * bucket does exactly. With N instances a client gets at most N times the limit; that is acceptable for abuse
 * protection (the CDN/proxy in front holds the global line).
 *
 * A client is its socket address unless `trustProxyHeader` says the app sits behind Fly's proxy, which sets
 * Fly-Client-IP itself; anywhere else the header is whatever the client typed, and one client could rotate it.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getConnInfo } from "hono/bun";

export type RateLimitOptions = {
  capacity: number;
  refillPerSecond: number;
  /** True only behind Fly's proxy (config TRUST_PROXY_HEADER). */
  trustProxyHeader?: boolean;
  /** Buckets kept; past this the least recently seen client is forgotten (its bucket has refilled the longest). */
  maxClients?: number;
  now?: () => number;
};

const MAX_CLIENTS = 50_000;

function findClientKey({ c, trustProxyHeader }: { c: Context; trustProxyHeader: boolean }) {
  const proxied = trustProxyHeader ? c.req.header("fly-client-ip") : undefined;
  if (proxied) return proxied;
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // app.request() in tests has no socket
  }
}

export function createRateLimit({ capacity, refillPerSecond, trustProxyHeader = false, maxClients = MAX_CLIENTS, now = () => Date.now() }: RateLimitOptions): MiddlewareHandler {
  // Insertion order is recency order: each request moves its bucket to the end, so the first key is the stalest.
  const buckets = new Map<string, { tokens: number; at: number }>();
  return async (c, next) => {
    const key = findClientKey({ c, trustProxyHeader });
    const time = now();
    const bucket = buckets.get(key) ?? { tokens: capacity, at: time };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((time - bucket.at) / 1000) * refillPerSecond);
    bucket.at = time;
    buckets.delete(key);
    buckets.set(key, bucket);
    if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!);
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
