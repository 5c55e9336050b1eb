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
import { createTokenBuckets, type RateLimitOptions } from "../app/ratelimit.ts";

export type { RateLimitOptions };

/** One budget, chargeable outside Hono too: the microcache's hit lane (web.lane.ts) charges the limits a page's fill passed. */
export type RateLimit = {
  /** Spends a token of the client `request` comes from; `server` is what Bun.serve hands fetch (none under app.request()). */
  charge(args: { request: Request; server?: unknown }): ReturnType<ReturnType<typeof createTokenBuckets>["take"]>;
  /** Sets the budget's headers on an allowed response. */
  describe(headers: Headers, charged: ReturnType<RateLimit["charge"]>): void;
};

/** The limits a request passed, in order (the context variable the middleware appends to). */
const LIMITS_VARIABLE = "rateLimits";
export const limitsPassed = (c: Context): RateLimit[] => (c.get(LIMITS_VARIABLE as never) as RateLimit[] | undefined) ?? [];

function findClientKey({ request, server, trustProxyHeader }: { request: Request; server?: unknown; trustProxyHeader: boolean }) {
  const proxied = trustProxyHeader ? request.headers.get("fly-client-ip") : undefined;
  if (proxied) return proxied;
  const socket = server as { requestIP?: (request: Request) => { address?: string } | null } | undefined;
  // app.request() in tests has no socket
  return (typeof socket?.requestIP === "function" ? socket.requestIP(request)?.address : undefined) ?? "unknown";
}

export function createRateLimit({ trustProxyHeader = false, ...options }: RateLimitOptions): MiddlewareHandler {
  const buckets = createTokenBuckets(options);
  const limit: RateLimit = {
    charge: ({ request, server }) => buckets.take({ key: findClientKey({ request, server, trustProxyHeader }) }),
    describe(headers, charged) {
      headers.set("X-RateLimit-Limit", String(buckets.capacity));
      headers.set("X-RateLimit-Remaining", String(charged.remaining));
      headers.set("X-RateLimit-Reset", String(charged.resetSeconds));
    },
  };
  return async (c, next) => {
    const taken = limit.charge({ request: c.req.raw, server: c.env });
    if (!taken.allowed) {
      const retryAfter = taken.retryAfterSeconds;
      return c.json({ error: "Too many requests", retryAfterSeconds: retryAfter }, 429, {
        "Retry-After": String(retryAfter), "X-RateLimit-Limit": String(buckets.capacity), "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": String(retryAfter),
      });
    }
    c.set(LIMITS_VARIABLE as never, [...limitsPassed(c), limit] as never);
    await next();
    limit.describe(c.res.headers, taken);
  };
}
