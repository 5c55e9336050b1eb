import { expect, test } from "bun:test";
import { listUtcDays } from "../../app/time.ts";
import { deriveMarketDay, generateMarketDay } from "./market.model.ts";

test("a generated day is the same every time and differs between days and regions", () => {
  const day = { typeId: 2444, regionId: 10000002, day: "2026-03-01", knownPrice: 52_760 };
  expect(generateMarketDay(day)).toEqual(generateMarketDay(day));
  expect(generateMarketDay({ ...day, day: "2026-03-02" })!.average).not.toBe(generateMarketDay(day)!.average);
  expect(generateMarketDay({ ...day, regionId: 10000043 })!.average).not.toBe(generateMarketDay(day)!.average);
});

test("generated days stay within 13 % of the known price, with lowest ≤ average ≤ highest", () => {
  const days = listUtcDays({ from: "2025-01-01", to: "2025-12-31" }).map((day) => generateMarketDay({ typeId: 2444, regionId: 10000002, day, knownPrice: 52_760 })!);
  expect(days).toHaveLength(365);
  for (const row of days) {
    expect(Math.abs(row.average / 52_760 - 1)).toBeLessThan(0.13);
    expect(row.lowest).toBeLessThanOrEqual(row.average);
    expect(row.highest).toBeGreaterThanOrEqual(row.average);
    expect(row.volume).toBeGreaterThan(0);
    expect(row.order_count).toBeGreaterThan(0);
  }
});

test("expensive types do not trade every day", () => {
  const days = listUtcDays({ from: "2025-01-01", to: "2025-12-31" }).map((day) => generateMarketDay({ typeId: 644, regionId: 10000002, day, knownPrice: 142_385_834 }));
  const traded = days.filter((row) => row !== null).length;
  expect(traded).toBeGreaterThan(150);
  expect(traded).toBeLessThan(300);
});

test("a real day keeps its average and volume and gets a spread around the average", () => {
  const row = deriveMarketDay({ typeId: 2182, day: "2025-08-20", average: 7033, volume: 4000 });
  expect(row).toMatchObject({ date: "2025-08-20", average: 7033, volume: 4000 });
  expect(row.lowest).toBeLessThan(7033);
  expect(row.highest).toBeGreaterThan(7033);
  expect(Object.keys(row)).toEqual(["average", "date", "highest", "lowest", "order_count", "volume"]);
});
