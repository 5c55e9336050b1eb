/**
 * The operations port of a long-running role (METRICS_PORT): /metrics for Prometheus, /health (the process
 * answers) and /ready (its dependencies answer, and it is not draining). Nothing here is public: on Fly only the
 * private network reaches it, so it asks for no token.
 */
import { Hono } from "hono";
import { renderMetrics, type Metrics } from "./metrics.registry.ts";
import { runProbes, type ReadyChecks } from "./metrics.probes.ts";

const NO_STORE = { "Cache-Control": "no-store" };

export function createMetricsApp({ metrics, checks, signal, probeTimeoutMs }: {
  metrics: Pick<Metrics, "registry">; checks: ReadyChecks; signal?: AbortSignal; probeTimeoutMs?: number;
}) {
  return new Hono()
    .get("/metrics", async (c) => {
      const { body, contentType } = await renderMetrics({ metrics });
      return c.body(body, 200, { ...NO_STORE, "Content-Type": contentType });
    })
    .get("/health", (c) => c.json({ status: "ok" }, 200, NO_STORE))
    .get("/ready", async (c) => {
      // A draining process still answers /health, but nothing should count on it any more.
      if (signal?.aborted) return c.json({ status: "draining", checks: {} }, 503, NO_STORE);
      const { ready, checks: states } = await runProbes({ checks, timeoutMs: probeTimeoutMs });
      return c.json({ status: ready ? "ready" : "unavailable", checks: states }, ready ? 200 : 503, NO_STORE);
    });
}

export function startMetricsServer({ port, hostname, app }: { port: number; hostname?: string; app: { fetch: (request: Request) => Response | Promise<Response> } }) {
  return Bun.serve({ port, hostname, fetch: app.fetch, idleTimeout: 30 });
}
