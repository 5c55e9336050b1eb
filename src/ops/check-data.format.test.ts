import { expect, test } from "bun:test";
import { formatCheckSummary, formatDayTable } from "./check-data.format.ts";
import { compareDays, summarizeComparison } from "./check-data.usecases.ts";

const comparison = compareDays({
  stored: [{ day: "2026-11-01", stored: 10 }],
  totals: { "20261101": 10, "20261102": 4, "20261103": 6 },
  to: "2026-11-03",
});

test("the summary names the range checked, both totals and the gap days as ranges", () => {
  const lines = formatCheckSummary({ summary: summarizeComparison({ comparison }), bySource: [{ source: "r2z2", stored: 10 }], outcomes: [] });
  expect(lines).toEqual([
    "checked 3 day(s) (2026-11-01..2026-11-03): stored 10, expected 20",
    "gap days: 2 day(s): 2026-11-02..2026-11-03",
    "surplus days: none",
    "per source: r2z2 10",
  ]);
});

test("the day table marks each day whose count differs", () => {
  expect(formatDayTable({ days: comparison.days })).toEqual([
    "2026-11-01  stored      10  expected 10",
    "2026-11-02  stored       0  expected 4  <-- differs",
    "2026-11-03  stored       0  expected 6  <-- differs",
  ]);
});

test("an empty database says how to choose the days", () => {
  const empty = summarizeComparison({ comparison: compareDays({ stored: [], totals: null }) });
  expect(formatCheckSummary({ summary: empty, bySource: [], outcomes: [] })[0]).toBe("checked 0 day(s) (nothing stored; give --start-date/--end-date): stored 0, expected ? (totals.json unavailable)");
});
