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
import { createTokenBuckets, type RateLimitOptions } from "../app/ratelimit.ts";

export type { RateLimitOptions };

function findClientKey({ c, trustProxyHeader }: { c: Context; trustProxyHeader: boolean }) {
  const proxied = trustProxyHeader ? c.req.header("fly-client-ip") : undefined;
  if (proxied) return proxied;
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // app.request() in tests has no socket
  }
}

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
