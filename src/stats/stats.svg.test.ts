import { expect, test } from "bun:test";
import { renderHeatmap, renderMonthly } from "./stats.svg.ts";

test("the heatmap draws one cell per active weekday and hour, with an accessible label", () => {
  const svg = renderHeatmap({ cells: [{ dow: 1, hour: 20, kills: 3 }, { dow: 2, hour: 3, kills: 1 }] });
  expect(svg.match(/<rect x=/g)?.length).toBe(3);
  expect(svg).toContain('aria-label="Kills by weekday and UTC hour, 4 in total"');
  expect(svg).toContain("Mon 20:00 UTC: 3 kills");
});

test("the monthly chart orders months and says when there is nothing to draw", () => {
  const svg = renderMonthly({ months: [{ month: "2026-02", kills: 1, losses: 0 }, { month: "2026-01", kills: 2, losses: 1 }] });
  expect(svg.indexOf("2026-01")).toBeLessThan(svg.indexOf("2026-02"));
  expect(renderMonthly({ months: [] })).toContain("No activity yet");
});
