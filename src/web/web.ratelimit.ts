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

/** The buckets themselves, keyed by client: `take` spends a token when one is left. Shared by HTTP and GraphQL's WebSocket. */
export function createTokenBuckets({ capacity, refillPerSecond, maxClients = MAX_CLIENTS, now = () => Date.now() }: Omit<RateLimitOptions, "trustProxyHeader">) {
  // Insertion order is recency order: each request moves its bucket to the end, so the first key is the stalest.
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    capacity,
    take({ key }: { key: string }) {
      const time = now();
      const bucket = buckets.get(key) ?? { tokens: capacity, at: time };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((time - bucket.at) / 1000) * refillPerSecond);
      bucket.at = time;
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!);
      const resetSeconds = Math.ceil((capacity - bucket.tokens) / refillPerSecond);
      if (bucket.tokens < 1) return { allowed: false, remaining: 0, resetSeconds, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerSecond)) };
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens), resetSeconds, retryAfterSeconds: 0 };
    },
  };
}
export type TokenBuckets = ReturnType<typeof createTokenBuckets>;

export function createRateLimit({ trustProxyHeader = false, ...options }: RateLimitOptions): MiddlewareHandler {
  const buckets = createTokenBuckets(options);
  return async (c, next) => {
    const taken = buckets.take({ key: findClientKey({ c, trustProxyHeader }) });
    if (!taken.allowed) {
      const retryAfter = taken.retryAfterSeconds;
      return c.json({ error: "Too many requests", retryAfterSeconds: retryAfter }, 429, {
        "Retry-After": String(retryAfter), "X-RateLimit-Limit": String(buckets.capacity), "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": String(retryAfter),
      });
    }
    await next();
    c.res.headers.set("X-RateLimit-Limit", String(buckets.capacity));
    c.res.headers.set("X-RateLimit-Remaining", String(taken.remaining));
    c.res.headers.set("X-RateLimit-Reset", String(taken.resetSeconds));
  };
}
