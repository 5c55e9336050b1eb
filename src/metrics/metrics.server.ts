/**
 * The operations port of a long-running role (METRICS_PORT): /metrics for Prometheus, /health (the process
 * answers) and /ready (its dependencies answer, and it is not draining). Nothing here is public: on Fly only the
 * private network reaches it, so it asks for no token.
 */
import { Hono } from "hono";
import { renderMetrics, type Metrics } from "./metrics.registry.ts";
import type { ReadyChecks } from "./metrics.probes.ts";
import { createProbeRoutes } from "./metrics.probes.routes.ts";

const NO_STORE = { "Cache-Control": "no-store" };

export function createMetricsApp({ metrics, checks, signal, probeTimeoutMs }: {
  metrics: Pick<Metrics, "registry">; checks: ReadyChecks; signal?: AbortSignal; probeTimeoutMs?: number;
}) {
  return new Hono()
    .get("/metrics", async (c) => {
      const { body, contentType } = await renderMetrics({ metrics });
      return c.body(body, 200, { ...NO_STORE, "Content-Type": contentType });
    })
    .route("/", createProbeRoutes({ checks, signal, probeTimeoutMs }));
}

export function startMetricsServer({ port, hostname, app }: { port: number; hostname?: string; app: { fetch: (request: Request) => Response | Promise<Response> } }) {
  return Bun.serve({ port, hostname, fetch: app.fetch, idleTimeout: 30 });
}
