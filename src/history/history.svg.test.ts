import { expect, test } from "bun:test";
import { renderDailyChart, renderGrowthChart } from "./history.svg.ts";

test("the growth chart draws one point per snapshot, or says there are too few", () => {
  const svg = renderGrowthChart({ label: "Members", points: [{ day: "2024-01-01", value: 10 }, { day: "2024-01-11", value: 20 }, { day: "2024-01-21", value: 15 }] });
  expect(svg.match(/<polyline points="([^"]+)"/)![1]!.split(" ")).toHaveLength(3);
  expect(svg).toContain("2024-01-01: 10 … 2024-01-21: 15");
  expect(renderGrowthChart({ label: "Members", points: [{ day: "2024-01-01", value: 10 }] })).toContain("Not enough snapshots yet");
});

test("the daily chart has a kills and a losses bar per day, the tallest at full height", () => {
  const svg = renderDailyChart({ days: [{ start: "2024-01-02", kills: 4, losses: 0 }, { start: "2024-01-01", kills: 2, losses: 1 }] });
  expect(svg.match(/<rect /g)).toHaveLength(4);
  expect(svg.indexOf("2024-01-01: 2 kills")).toBeLessThan(svg.indexOf("2024-01-02: 4 kills"));
  expect(svg).toContain('height="80"');
});
