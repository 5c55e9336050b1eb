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

type Sources = { bySource: { source: string; stored: number }[]; outcomes: Outcome[] };

const formatSources = ({ bySource, outcomes }: Sources) => [
  `per source: ${bySource.map((row) => `${row.source} ${row.stored}`).join(", ") || "none"}`,
  ...outcomes.map((row) => `  ${row.source} ${row.outcome} ${row.count}${row.lastReason ? ` (last reason: ${row.lastReason})` : ""}`),
];

export function formatCheckSummary({ summary, bySource, outcomes }: Sources & { summary: Summary }) {
  const span = summary.firstDay ? ` (${summary.firstDay}..${summary.lastDay})` : " (nothing stored; give --start-date/--end-date)";
  const expected = summary.expected === null ? "expected ? (totals.json unavailable)" : `expected ${summary.expected}`;
  return [
    `checked ${summary.daysChecked} day(s)${span}: stored ${summary.stored}, ${expected}`,
    `gap days: ${listRanges({ count: summary.gapDays, ranges: summary.gapRanges })}`,
    `surplus days: ${listRanges({ count: summary.surplusDays, ranges: summary.surplusRanges })}`,
    ...formatSources({ bySource, outcomes }),
  ];
}

/** Why a board's days are not compared: zKillboard's totals count the whole game, the board a few entities' kills. */
export const describeBoardDays = ({ size }: { size: number }) =>
  `board of ${size} ${size === 1 ? "entity" : "entities"} (BOARD_ENTITIES): day counts are not compared with zKillboard's whole-game totals`;

/** `debug check-data` on a board: what is stored, per source and outcome, and why no day is called short. */
export function formatBoardCheckSummary({ comparison, boardSize, bySource, outcomes }: Sources & {
  comparison: { days: DayCheck[]; stored: number }; boardSize: number;
}) {
  const { days } = comparison;
  const span = days.length ? ` (${days[0]!.day}..${days.at(-1)!.day})` : " (nothing stored; give --start-date/--end-date)";
  return [
    `checked ${days.length} day(s)${span}: stored ${comparison.stored}`,
    describeBoardDays({ size: boardSize }),
    ...formatSources({ bySource, outcomes }),
  ];
}
