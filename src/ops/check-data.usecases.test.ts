import { expect, test } from "bun:test";
import { collapseDayRanges, compareDays, summarizeComparison } from "./check-data.usecases.ts";

test("days short of the source's count are gaps, days above it are surplus, missing days count as zero", () => {
  const result = compareDays({
    stored: [{ day: "2026-11-01", stored: 10 }, { day: "2026-11-03", stored: 7 }],
    totals: { "20261101": 10, "20261102": 4, "20261103": 6 },
  });
  expect(result.days).toEqual([
    { day: "2026-11-01", stored: 10, expected: 10 },
    { day: "2026-11-02", stored: 0, expected: 4 },
    { day: "2026-11-03", stored: 7, expected: 6 },
  ]);
  expect(result.gaps).toEqual(["2026-11-02"]);
  expect(result.surplus).toEqual(["2026-11-03"]);
  expect(result.stored).toBe(17);
});

test("without the source's totals, expected is null and only empty days are gaps", () => {
  const result = compareDays({ stored: [{ day: "2026-11-01", stored: 1 }], totals: null, from: "2026-11-01", to: "2026-11-02" });
  expect(result.days.map((day) => day.expected)).toEqual([null, null]);
  expect(result.gaps).toEqual(["2026-11-02"]);
});

test("consecutive days collapse into ranges, and a lone day stays a day", () => {
  const days = ["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-03", "2026-11-05", "2026-11-06"];
  expect(collapseDayRanges({ days }).ranges).toEqual(["2026-10-30..2026-11-01", "2026-11-03", "2026-11-05..2026-11-06"]);
  expect(collapseDayRanges({ days: [] }).ranges).toEqual([]);
});

test("the summary counts the days checked, the gap and surplus runs, and both totals", () => {
  const comparison = compareDays({
    stored: [{ day: "2026-11-01", stored: 10 }, { day: "2026-11-04", stored: 9 }],
    totals: { "20261101": 10, "20261102": 4, "20261103": 6, "20261104": 8 },
  });
  expect(summarizeComparison({ comparison })).toEqual({
    daysChecked: 4, firstDay: "2026-11-01", lastDay: "2026-11-04", stored: 19, expected: 28,
    gapDays: 2, gapRanges: ["2026-11-02..2026-11-03"], surplusDays: 1, surplusRanges: ["2026-11-04"],
  });
});

test("without the source's totals the summary has no expected total", () => {
  const comparison = compareDays({ stored: [{ day: "2026-11-01", stored: 1 }], totals: null });
  expect(summarizeComparison({ comparison }).expected).toBeNull();
});
