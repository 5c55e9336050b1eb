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
import { createTokenBuckets, type RateLimitOptions, type TokenBuckets } from "../app/ratelimit.ts";
import { clientAddress } from "../app/address-cap.ts";

export type { RateLimitOptions };

declare module "hono" {
  interface ContextVariableMap {
    /** The limits a request passed, in order (each rate-limit middleware it ran through appends its own). */
    rateLimits?: RateLimit[];
  }
}
type Charge = ReturnType<TokenBuckets["take"]>;

/** One budget, chargeable outside Hono too: the microcache's hit lane (web.lane.ts) charges the limits a page's fill passed. */
export type RateLimit = {
  /** Spends a token of the client `request` comes from; `server` is what Bun.serve hands fetch (none under app.request()). */
  charge(args: { request: Request; server?: unknown }): Charge;
  describe(args: { headers: Headers; charged: Charge }): void;
};

export const limitsPassed = ({ c }: { c: Context }): RateLimit[] => c.get("rateLimits") ?? [];

/**
 * `exempt`: requests the app sends itself. The microcache's background refreshes come from no socket, so they all
 * shared the one bucket of the client "unknown": past its refill (20 a second) refreshes were refused and pages fell
 * out of the cache instead of being renewed.
 */
export function createRateLimit({ trustProxyHeader = false, exempt, ...options }: RateLimitOptions & { exempt?: (args: { request: Request }) => boolean }): MiddlewareHandler {
  const buckets = createTokenBuckets(options);
  const limit: RateLimit = {
    charge: ({ request, server }) => buckets.take({ key: clientAddress({ request, server, trustProxyHeader }) }),
    describe({ headers, charged }) {
      headers.set("X-RateLimit-Limit", String(buckets.capacity));
      headers.set("X-RateLimit-Remaining", String(charged.remaining));
      headers.set("X-RateLimit-Reset", String(charged.resetSeconds));
    },
  };
  return async (c, next) => {
    // Still noted as passed: a refreshed cache entry's hits are charged like the first fill's.
    const passed = () => c.set("rateLimits", [...limitsPassed({ c }), limit]);
    if (exempt?.({ request: c.req.raw })) {
      passed();
      return next();
    }
    const taken = limit.charge({ request: c.req.raw, server: c.env });
    if (!taken.allowed) {
      const retryAfter = taken.retryAfterSeconds;
      return c.json({ error: "Too many requests", retryAfterSeconds: retryAfter }, 429, {
        "Retry-After": String(retryAfter), "X-RateLimit-Limit": String(buckets.capacity), "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": String(retryAfter),
      });
    }
    passed();
    await next();
    limit.describe({ headers: c.res.headers, charged: taken });
  };
}
