import { expect, test } from "bun:test";
import { computeSnapshotDeltas } from "./history.snapshots.models.ts";

const snapshot = (day: string, memberCount: number | null, kills: number) =>
  ({ day, memberCount, corporationCount: null, kills, losses: 0, iskDestroyed: 0, iskLost: 0 });

test("deltas compare today's value with the value 7 and 30 days before, each the latest snapshot on or before that day", () => {
  const deltas = computeSnapshotDeltas({ today: "2024-02-01", snapshots: [snapshot("2024-01-01", 10, 1), snapshot("2024-01-20", 15, 4), snapshot("2024-01-25", 18, 6), snapshot("2024-02-01", 20, 9)] });
  const members = deltas.find((d) => d.figure === "memberCount")!;
  expect(members.current).toBe(20);
  expect(members.deltas).toEqual([{ days: 7, change: 2 }, { days: 30, change: 10 }]);
  expect(deltas.find((d) => d.figure === "kills")!.deltas.map((d) => d.change)).toEqual([3, 8]);
});

test("an entity unchanged since its last snapshot, long ago, has that value and no change", () => {
  const deltas = computeSnapshotDeltas({ today: "2024-06-01", snapshots: [snapshot("2024-01-01", 10, 1), snapshot("2024-03-01", 12, 4)] });
  expect(deltas.find((d) => d.figure === "memberCount")).toEqual({ figure: "memberCount", current: 12, deltas: [{ days: 7, change: 0 }, { days: 30, change: 0 }] });
});

test("no earlier snapshot or an unknown figure gives no delta", () => {
  const deltas = computeSnapshotDeltas({ today: "2024-02-01", snapshots: [snapshot("2024-01-28", null, 1), snapshot("2024-02-01", 20, 2)] });
  expect(deltas.find((d) => d.figure === "kills")!.deltas.map((d) => d.change)).toEqual([null, null]);
  expect(computeSnapshotDeltas({ today: "2024-02-01", snapshots: [snapshot("2024-01-01", null, 1), snapshot("2024-02-01", 20, 2)] })
    .find((d) => d.figure === "memberCount")!.deltas.map((d) => d.change)).toEqual([null, null]);
  expect(computeSnapshotDeltas({ today: "2024-02-01", snapshots: [] })).toEqual([]);
});
