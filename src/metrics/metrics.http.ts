/**
 * HTTP latency of `serve` by route. The route is the path pattern the router matched (`/kill/:id/`), never the
 * raw URL, and the method is one of a fixed few: a client making up URLs or methods cannot add series. A
 * microcache hit still counts under the route that would have answered it.
 */
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { Histogram, type Registry } from "prom-client";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** No handler matched: a 404 page, a slash redirect, or a middleware's own answer. */
export const UNMATCHED_ROUTE = "unmatched";

/** Middleware (app.use) is registered for every method; the first method-specific route is the one that answers. */
export function findRoute({ c }: { c: Context }) {
  return matchedRoutes(c).find((route) => route.method !== "ALL")?.path ?? UNMATCHED_ROUTE;
}

export function defineHttpMetrics({ registry }: { registry: Registry }) {
  const seconds = new Histogram({
    name: "killboard_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by method, matched route and status",
    labelNames: ["method", "route", "status"], buckets: BUCKETS_S, registers: [registry],
  });
  /** One answered request; `started` is its performance.now() on arrival. Also for answers given outside Hono (web.lane.ts). */
  const observe = ({ method, route, status, started }: { method: string; route: string; status: number; started: number }) =>
    seconds.observe({ method: METHODS.has(method) ? method : "OTHER", route, status: String(status) }, (performance.now() - started) / 1000);
  const middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      observe({ method: c.req.method, route: findRoute({ c }), status: c.res.status, started });
    }
  };
  return { middleware, observe };
}

export type HttpMetrics = ReturnType<typeof defineHttpMetrics>;
