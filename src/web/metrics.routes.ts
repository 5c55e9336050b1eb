/**
 * /metrics on serve's own port, which faces the internet: with ADMIN_TOKEN set it answers only a request carrying
 * it as a Bearer token; without one (a local stack) it is open. Prometheus on Fly scrapes METRICS_PORT on the
 * private network instead, which needs no token. Registered ahead of the microcache: every scrape is fresh.
 */
import { Hono } from "hono";
import { matchesToken, readBearer } from "../admin/admin.auth.ts";
import { renderMetrics, type Metrics } from "../metrics/metrics.registry.ts";

const NO_STORE = { "Cache-Control": "no-store" };

export function createMetricsRoutes({ metrics, token }: { metrics: Pick<Metrics, "registry">; token?: string }) {
  return new Hono().get("/metrics", async (c) => {
    const given = readBearer({ header: c.req.header("authorization") });
    if (token && (given === null || !matchesToken({ given, token }))) {
      const headers = { ...NO_STORE, "WWW-Authenticate": 'Bearer realm="killboard metrics"' };
      return c.json({ error: "ADMIN_TOKEN required: send Authorization: Bearer <token>" }, 401, headers);
    }
    const { body, contentType } = await renderMetrics({ metrics });
    return c.body(body, 200, { ...NO_STORE, "Content-Type": contentType });
  });
}
