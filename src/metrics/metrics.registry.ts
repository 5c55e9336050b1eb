/**
 * One Prometheus registry per process, built by the role that serves it: nothing registers at import time, so two
 * registries (a test next to a role) never share a series. Every series of ours is `killboard_*`; the process and
 * runtime series keep prom-client's standard names (process_*, nodejs_*) so stock dashboards read them.
 */
import { collectDefaultMetrics, Registry } from "prom-client";
import { defineCronMetrics } from "./metrics.cron.ts";
import { defineDatabaseMetrics } from "./metrics.db.ts";
import { defineEsiMetrics } from "./metrics.esi.ts";
import { defineFeedMetrics } from "./metrics.feed.ts";
import { defineHttpMetrics } from "./metrics.http.ts";
import { defineIngestMetrics } from "./metrics.ingest.ts";

/**
 * prom-client names these gauges `*_total`, a suffix promtool's lint reserves for counters; the same figures are
 * exported without the suffix (nodejs_active_handles, ...), so nothing is lost.
 */
const DUPLICATE_TOTAL_GAUGES = ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"];

/** `runtime` adds the process and runtime series (CPU, memory, event-loop lag, GC); a process wants them once. */
export function createMetrics({ role, runtime = false }: { role: string; runtime?: boolean }) {
  const registry = new Registry();
  registry.setDefaultLabels({ role });
  if (runtime) {
    collectDefaultMetrics({ register: registry });
    for (const name of DUPLICATE_TOTAL_GAUGES) registry.removeSingleMetric(name);
  }
  return {
    registry,
    ingest: defineIngestMetrics({ registry }),
    esi: defineEsiMetrics({ registry }),
    feed: defineFeedMetrics({ registry }),
    http: defineHttpMetrics({ registry }),
    db: defineDatabaseMetrics({ registry }),
    cron: defineCronMetrics({ registry }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** The exposition text and its content type, as a scrape receives them. */
export async function renderMetrics({ metrics }: { metrics: Pick<Metrics, "registry"> }) {
  return { body: await metrics.registry.metrics(), contentType: metrics.registry.contentType };
}
