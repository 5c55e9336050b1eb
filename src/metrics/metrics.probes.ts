/**
 * Readiness probes: each names a dependency and resolves when it answers. All run at once, each within
 * PROBE_TIMEOUT_MS, so a hung dependency makes /ready answer 503 in bounded time instead of hanging the prober.
 */
import { withDeadline } from "../app/deadline.ts";

export const PROBE_TIMEOUT_MS = 2_000;

export type ReadyChecks = Record<string, () => Promise<unknown>>;

export async function runProbes({ checks, timeoutMs = PROBE_TIMEOUT_MS }: { checks: ReadyChecks; timeoutMs?: number }) {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, probe]) => {
      try {
        await withDeadline({ promise: Promise.resolve().then(probe), ms: timeoutMs, message: "timeout" });
        return [name, "ok"] as const;
      } catch (error) {
        return [name, error instanceof Error ? error.message : String(error)] as const;
      }
    }),
  );
  return { ready: entries.every(([, state]) => state === "ok"), checks: Object.fromEntries(entries) };
}
