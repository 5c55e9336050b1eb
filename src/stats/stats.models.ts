/** Pure shaping of entity statistics: zKillboard's ratios and its `months` / `activity` maps. */
import type { EntityNameRow } from "../names/names.repository.ts";
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

/** The four top lists of an entity page, numbered as entity_tops and its heads store them. */
export const TOP_LISTS = { shipsUsed: 1, shipsLost: 2, opponents: 3, systems: 4 } as const;
export type TopList = keyof typeof TOP_LISTS;

/** One row of an entity page's top list: a ship, opponent or system and how often. */
export type TopRow = { id: number; count: number };

/** Rows tagged with their list's number, as the four named lists (an empty list when a scope has none). */
export function listsOf(rows: { list: number; id: number; count: number }[]): Record<TopList, TopRow[]> {
  const lists = Object.fromEntries(Object.keys(TOP_LISTS).map((name) => [name, [] as TopRow[]])) as Record<TopList, TopRow[]>;
  const names = Object.fromEntries(Object.entries(TOP_LISTS).map(([name, number]) => [number, name as TopList]));
  for (const { list, id, count } of rows) lists[names[list]!].push({ id, count });
  return lists;
}

export type TopListRow = { allTime: boolean; list: number; id: number; count: number; name: string | null; ticker: string | null };

/** The eight lists of one statement (the week's and all time's) as a page shows them, with the opponents' stored names. */
export function splitTopLists(rows: TopListRow[]) {
  const names: EntityNameRow[] = rows.filter((row) => row.list === TOP_LISTS.opponents)
    .map(({ id, name, ticker }) => ({ entityKind: "corporation", entityId: id, name, ticker }));
  return { week: listsOf(rows.filter((row) => !row.allTime)), allTime: listsOf(rows.filter((row) => row.allTime)), names };
}
