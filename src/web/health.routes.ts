import { Hono } from "hono";
import type { WebDeps } from "./web.deps.ts";

const PROBE_TIMEOUT_MS = 2_000;

const withTimeout = (probe: () => Promise<unknown>) =>
  Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), PROBE_TIMEOUT_MS))]);

export function createHealthRoutes({ deps }: { deps: WebDeps }) {
  return new Hono()
    .get("/health", (c) => c.json({ status: "ok" }, 200, { "Cache-Control": "no-store" }))
    .get("/ready", async (c) => {
      const entries = await Promise.all(
        Object.entries(deps.checks).map(async ([name, probe]) => {
          try {
            await withTimeout(probe);
            return [name, "ok"] as const;
          } catch (error) {
            return [name, error instanceof Error ? error.message : String(error)] as const;
          }
        }),
      );
      const ready = entries.every(([, state]) => state === "ok");
      return c.json({ status: ready ? "ready" : "unavailable", checks: Object.fromEntries(entries) }, ready ? 200 : 503, { "Cache-Control": "no-store" });
    });
}
