/** An entity's statistics under zKillboard's field names, shared by `/api/stats/…` and `/api/v1/…/stats`. */
import type { Sql } from "../db/db.client.ts";
import { computeRatios } from "../entities/entity.models.ts";
import { createStatsRepository, type Scope } from "./stats.repository.ts";
import { createTopRepository } from "./stats.top.repository.ts";

export async function getEntityStatistics({ sql, scope, now }: { sql: Sql; scope: Scope; now: Date }) {
  const stats = createStatsRepository({ sql });
  const yearAgo = new Date(now.getTime() - 365 * 86_400_000);
  const [summary, monthly, activity] = await Promise.all([
    stats.summarize({ scope }), stats.monthly({ scope, since: new Date(now.getTime() - 730 * 86_400_000) }), stats.activity({ scope, since: yearAgo }),
  ]);
  const { dangerRatio, gangRatio } = computeRatios({ summary });
  const months = Object.fromEntries(monthly.map((row) => {
    const [year, month] = row.month.split("-").map(Number) as [number, number];
    return [`${year}${String(month).padStart(2, "0")}`, { year, month, shipsDestroyed: row.kills, shipsLost: row.losses, iskDestroyed: row.iskDestroyed }];
  }));
  const hours: Record<string, Record<string, number>> = {};
  for (const cell of activity) (hours[String(cell.dow)] ??= {})[String(cell.hour)] = cell.kills;
  return {
    shipsDestroyed: summary.shipsDestroyed, shipsLost: summary.shipsLost,
    iskDestroyed: summary.iskDestroyed, iskLost: summary.iskLost,
    pointsDestroyed: summary.pointsDestroyed, pointsLost: summary.pointsLost,
    soloKills: summary.soloKills, soloLosses: summary.soloLosses,
    dangerRatio, gangRatio, avgGangSize: Math.round(summary.avgGangSize * 10) / 10,
    months, activity: hours,
  };
}

/** All-time totals go stale by at most this much; a refresh of a million killmails takes tens of seconds. */
export const ENTITY_TOTALS_REFRESH_MS = 10 * 60_000;

/** Refreshes entity_totals every period until `signal` aborts; a failed refresh is logged and retried next time. */
export function startEntityTotalsRefresh({ sql, signal, logger, periodMs = ENTITY_TOTALS_REFRESH_MS }: {
  sql: Sql; signal: AbortSignal; logger: { warn: (...args: unknown[]) => void; debug: (...args: unknown[]) => void }; periodMs?: number;
}) {
  const top = createTopRepository({ sql });
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = top.refreshEntityTotals().then(
      (refreshed) => logger.debug(refreshed ? "entity_totals refreshed" : "entity_totals refresh held elsewhere"),
      (error) => logger.warn("entity_totals refresh failed:", error instanceof Error ? error.message : error),
    );
  }, periodMs);
  signal.addEventListener("abort", () => clearInterval(timer), { once: true });
  return { stopped: () => running };
}
