/** Pure shaping of entity statistics: zKillboard's ratios and its `months` / `activity` maps. */
import type { EntitySummary } from "./stats.repository.ts";

/**
 * zKillboard's ratios: danger = share of points earned in points earned + lost ("dangerous vs snuggly"),
 * gang = share of kills that were not solo; both whole percentages.
 */
export function computeRatios({ summary }: { summary: EntitySummary }) {
  const points = summary.pointsDestroyed + summary.pointsLost;
  const dangerRatio = points ? Math.round((100 * summary.pointsDestroyed) / points) : 0;
  const soloRatio = summary.shipsDestroyed ? Math.round((100 * summary.soloKills) / summary.shipsDestroyed) : 0;
  return { dangerRatio, soloRatio, gangRatio: summary.shipsDestroyed ? 100 - soloRatio : 0 };
}

/**
 * The activity heatmap covers the 12 whole UTC months before this one and this one so far: a year, as zKillboard's,
 * in whole months because entity_activity keeps them by month.
 */
export const ACTIVITY_MONTHS_BACK = 12;
export const activitySince = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - ACTIVITY_MONTHS_BACK, 1));

export type ActivityCell = { dow: number; hour: number; kills: number };

export type MonthRow = { month: string; kills: number; losses: number; iskDestroyed: number; iskLost: number };

/** zKillboard's `months`: keyed `YYYYMM`, one entry per month with any activity. */
export function toZkbMonths({ monthly }: { monthly: MonthRow[] }) {
  return Object.fromEntries(monthly.map((row) => {
    const [year, month] = row.month.split("-").map(Number) as [number, number];
    return [`${year}${String(month).padStart(2, "0")}`, {
      year, month, shipsDestroyed: row.kills, shipsLost: row.losses, iskDestroyed: row.iskDestroyed, iskLost: row.iskLost,
    }];
  }));
}

/** zKillboard's `activity`: weekday (0 = Sunday) → hour → kills. */
export function toZkbActivity({ cells }: { cells: ActivityCell[] }) {
  const hours: Record<string, Record<string, number>> = {};
  for (const cell of cells) (hours[String(cell.dow)] ??= {})[String(cell.hour)] = cell.kills;
  return hours;
}
