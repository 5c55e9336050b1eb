import { Hono } from "hono";
import { runProbes } from "../metrics/metrics.probes.ts";
import type { WebDeps } from "./web.deps.ts";

export function createHealthRoutes({ deps }: { deps: WebDeps }) {
  return new Hono()
    .get("/health", (c) => c.json({ status: "ok" }, 200, { "Cache-Control": "no-store" }))
    .get("/ready", async (c) => {
      const { ready, checks } = await runProbes({ checks: deps.checks });
      return c.json({ status: ready ? "ready" : "unavailable", checks }, ready ? 200 : 503, { "Cache-Control": "no-store" });
    });
}
