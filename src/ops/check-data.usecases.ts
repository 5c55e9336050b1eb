/**
 * Compares what is stored per UTC day with the source's own count (zKillboard `history/totals.json`), so a lost
 * or doubled kill shows up as a day whose numbers differ. Pure comparison here; I/O is passed in.
 */
export type DayCheck = { day: string; stored: number; expected: number | null };

const DAY_MS = 86_400_000;

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
      const day = new Date(t).toISOString().slice(0, 10);
      const expected = totals ? (totals[day.replaceAll("-", "")] ?? 0) : null;
      days.push({ day, stored: storedByDay.get(day) ?? 0, expected });
    }
  }
  const gaps = days.filter((day) => (day.expected === null ? day.stored === 0 : day.stored < day.expected)).map((day) => day.day);
  const surplus = days.filter((day) => day.expected !== null && day.stored > day.expected).map((day) => day.day);
  return { days, gaps, surplus, stored: days.reduce((sum, day) => sum + day.stored, 0) };
}
