import { expect, test } from "bun:test";
import { bucketStart, computeEfficiency, fillBuckets, listBucketStarts, resolveBucketRange } from "./history.models.ts";

test("a week starts on its Monday and a month on its first day, across year ends", () => {
  expect(bucketStart({ bucket: "week", day: "2024-01-03" })).toBe("2024-01-01");
  expect(bucketStart({ bucket: "week", day: "2023-01-01" })).toBe("2022-12-26");
  expect(bucketStart({ bucket: "week", day: "2024-03-04" })).toBe("2024-03-04");
  expect(bucketStart({ bucket: "month", day: "2024-02-29" })).toBe("2024-02-01");
  expect(listBucketStarts({ bucket: "month", from: "2023-11-15", to: "2024-02-01" })).toEqual(["2023-11-01", "2023-12-01", "2024-01-01", "2024-02-01"]);
});

test("a range is widened to whole buckets and defaults to the last buckets up to today", () => {
  expect(resolveBucketRange({ bucket: "week", from: "2024-01-03", to: "2024-01-10", today: "2025-01-01" }))
    .toEqual({ range: { from: "2024-01-01", to: "2024-01-14" } });
  expect(resolveBucketRange({ bucket: "month", from: "2024-02-10", to: "2024-02-10", today: "2025-01-01" }))
    .toEqual({ range: { from: "2024-02-01", to: "2024-02-29" } });
  expect(resolveBucketRange({ bucket: "day", today: "2024-03-05" })).toEqual({ range: { from: "2024-02-05", to: "2024-03-05" } });
  expect(resolveBucketRange({ bucket: "month", today: "2024-03-05" })).toEqual({ range: { from: "2023-04-01", to: "2024-03-31" } });
});

test("a backwards or too long range names from", () => {
  expect(resolveBucketRange({ bucket: "day", from: "2024-03-02", to: "2024-03-01", today: "2025-01-01" }).problem?.parameter).toBe("from");
  expect(resolveBucketRange({ bucket: "day", from: "2023-01-01", to: "2024-02-04", today: "2025-01-01" }).range?.from).toBe("2023-01-01");
  expect(resolveBucketRange({ bucket: "day", from: "2023-01-01", to: "2024-02-05", today: "2025-01-01" }).problem?.text).toContain("spans 401 days");
  expect(resolveBucketRange({ bucket: "month", from: "2003-01-01", to: "2099-12-31", today: "2025-01-01" }).range?.from).toBe("2003-01-01");
});

test("every bucket of the range is listed, zeros where nothing happened", () => {
  const rows = [{ start: "2024-01-02", kills: 3, losses: 1, iskDestroyed: 5, iskLost: 2, points: 9, pointsLost: 1, soloKills: 1, soloLosses: 0 }];
  const filled = fillBuckets({ bucket: "day", from: "2024-01-01", to: "2024-01-03", rows });
  expect(filled.map((row) => [row.start, row.kills])).toEqual([["2024-01-01", 0], ["2024-01-02", 3], ["2024-01-03", 0]]);
});

test("efficiency is the share of ISK destroyed, none without ISK", () => {
  expect(computeEfficiency({ iskDestroyed: 3, iskLost: 1 })).toBe(75);
  expect(computeEfficiency({ iskDestroyed: 0, iskLost: 0 })).toBeNull();
});
