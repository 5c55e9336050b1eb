/**
 * Compares what is stored per UTC day with the source's own count (zKillboard `history/totals.json`), so a lost
 * or doubled kill shows up as a day whose numbers differ. Pure comparison here; I/O is passed in.
 */
import { DAY_MS, toUtcDay } from "../app/time.ts";

export type DayCheck = { day: string; stored: number; expected: number | null };

export function compareDays({ stored, totals, from, to }: {
  stored: { day: string; stored: number }[];
  /** `{YYYYMMDD: n}` as totals.json has it; null when the source could not be read. */
  totals: Record<string, number> | null;
  from?: string;
  to?: string;
}) {
  const storedByDay = new Map(stored.map((row) => [row.day, row.stored]));
  const first = from ?? stored[0]?.day;
  const last = to ?? stored.at(-1)?.day;
  const days: DayCheck[] = [];
  if (first && last) {
    for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += DAY_MS) {
      const day = toUtcDay(new Date(t));
      const expected = totals ? (totals[day.replaceAll("-", "")] ?? 0) : null;
      days.push({ day, stored: storedByDay.get(day) ?? 0, expected });
    }
  }
  const gaps = days.filter((day) => (day.expected === null ? day.stored === 0 : day.stored < day.expected)).map((day) => day.day);
  const surplus = days.filter((day) => day.expected !== null && day.stored > day.expected).map((day) => day.day);
  return { days, gaps, surplus, stored: days.reduce((sum, day) => sum + day.stored, 0) };
}

export type DayComparison = ReturnType<typeof compareDays>;

/** Sorted `YYYY-MM-DD` days as runs of consecutive days: `2026-11-02..2026-11-04`, or the day alone. */
export function collapseDayRanges({ days }: { days: string[] }) {
  const runs: { first: string; last: string }[] = [];
  for (const day of days) {
    const run = runs.at(-1);
    if (run && Date.parse(day) - Date.parse(run.last) === DAY_MS) run.last = day;
    else runs.push({ first: day, last: day });
  }
  return { ranges: runs.map((run) => (run.first === run.last ? run.first : `${run.first}..${run.last}`)) };
}

/** The figures an operator reads first: how many days, which runs of them differ, and the totals. */
export function summarizeComparison({ comparison }: { comparison: DayComparison }) {
  const { days } = comparison;
  const hasTotals = days.length > 0 && days.every((day) => day.expected !== null);
  return {
    daysChecked: days.length,
    firstDay: days[0]?.day ?? null,
    lastDay: days.at(-1)?.day ?? null,
    stored: comparison.stored,
    expected: hasTotals ? days.reduce((sum, day) => sum + (day.expected ?? 0), 0) : null,
    gapDays: comparison.gaps.length,
    gapRanges: collapseDayRanges({ days: comparison.gaps }).ranges,
    surplusDays: comparison.surplus.length,
    surplusRanges: collapseDayRanges({ days: comparison.surplus }).ranges,
  };
}
