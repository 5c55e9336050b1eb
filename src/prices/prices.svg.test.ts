import { expect, test } from "bun:test";
import { lastDays, toZkbPriceJson } from "./history.models.ts";
import type { StoredHistoryDay } from "./history.repository.ts";
import { renderPriceChart } from "./prices.svg.ts";

const day = (text: string, average: number): StoredHistoryDay => ({ day: text, average, highest: null, lowest: null, volume: null, orderCount: null, source: "esi" });

test("the chart draws one point per day between the lowest and highest average, and says when there is none", () => {
  const svg = renderPriceChart({ points: [day("2025-01-01", 10), day("2025-01-02", 20), day("2025-01-03", 15)] });
  expect(svg.match(/<polyline points="([^"]+)"/)![1]!.split(" ")).toHaveLength(3);
  expect(svg).toContain("between 10.00 and 20.00 ISK");
  expect(renderPriceChart({ points: [] })).toContain("No market history stored");
});

test("zKillboard's price body is each day's average by date, currentPrice last", () => {
  const body = toZkbPriceJson({ history: [day("2025-01-01", 1.5), day("2025-01-03", 2)], currentPrice: 1.75 });
  expect(JSON.stringify(body)).toBe('{"2025-01-01":1.5,"2025-01-03":2,"currentPrice":1.75}');
});

test("a page window counts calendar days back from the last stored day", () => {
  const history = [day("2024-12-01", 1), day("2025-09-01", 2), day("2025-12-01", 3)];
  expect(lastDays({ history, days: 92 }).map((row) => row.day)).toEqual(["2025-09-01", "2025-12-01"]);
  expect(lastDays({ history: [], days: 10 })).toEqual([]);
});
