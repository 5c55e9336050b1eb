/** Plain-text report of `debug check-data`: the summary always, the per-day table only when asked for. */
import type { DayCheck, summarizeComparison } from "./check-data.usecases.ts";

type Summary = ReturnType<typeof summarizeComparison>;
type Outcome = { source: string; outcome: string; count: number; lastReason: string | null };

export function formatDayTable({ days }: { days: DayCheck[] }) {
  return days.map((day) => {
    const differs = day.expected !== null && day.expected !== day.stored ? "  <-- differs" : "";
    return `${day.day}  stored ${String(day.stored).padStart(7)}  expected ${day.expected ?? "?"}${differs}`;
  });
}

const listRanges = ({ count, ranges }: { count: number; ranges: string[] }) =>
  count ? `${count} day(s): ${ranges.join(", ")}` : "none";

export function formatCheckSummary({ summary, bySource, outcomes }: { summary: Summary; bySource: { source: string; stored: number }[]; outcomes: Outcome[] }) {
  const span = summary.firstDay ? ` (${summary.firstDay}..${summary.lastDay})` : " (nothing stored; give --start-date/--end-date)";
  const expected = summary.expected === null ? "expected ? (totals.json unavailable)" : `expected ${summary.expected}`;
  return [
    `checked ${summary.daysChecked} day(s)${span}: stored ${summary.stored}, ${expected}`,
    `gap days: ${listRanges({ count: summary.gapDays, ranges: summary.gapRanges })}`,
    `surplus days: ${listRanges({ count: summary.surplusDays, ranges: summary.surplusRanges })}`,
    `per source: ${bySource.map((row) => `${row.source} ${row.stored}`).join(", ") || "none"}`,
    ...outcomes.map((row) => `  ${row.source} ${row.outcome} ${row.count}${row.lastReason ? ` (last reason: ${row.lastReason})` : ""}`),
  ];
}
