/**
 * /health (the process answers) and /ready (its dependencies answer, and it is not draining), the one copy every
 * port that a platform probes mounts: the web app, the operations port and the `ws` port.
 */
import { Hono } from "hono";
import { runProbes, type ReadyChecks } from "./metrics.probes.ts";

const NO_STORE = { "Cache-Control": "no-store" };

export function createProbeRoutes({ checks, signal, probeTimeoutMs }: { checks: ReadyChecks; signal?: AbortSignal; probeTimeoutMs?: number }) {
  return new Hono()
    .get("/health", (c) => c.json({ status: "ok" }, 200, NO_STORE))
    .get("/ready", async (c) => {
      // A draining process still answers /health, but nothing should count on it any more.
      if (signal?.aborted) return c.json({ status: "draining", checks: {} }, 503, NO_STORE);
      const { ready, checks: states } = await runProbes({ checks, timeoutMs: probeTimeoutMs });
      return c.json({ status: ready ? "ready" : "unavailable", checks: states }, ready ? 200 : 503, NO_STORE);
    });
}
