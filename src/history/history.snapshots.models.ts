/** Growth of a corporation or alliance between daily snapshots. Pure. */
import { DAY_MS, toUtcDay } from "../app/time.ts";
import type { Snapshot } from "./history.snapshots.repository.ts";

/** The deltas a page shows: against the snapshot a week and a month before the latest. */
export const DELTA_DAYS = [7, 30] as const;
const FIGURES = ["memberCount", "corporationCount", "kills", "losses", "iskDestroyed", "iskLost"] as const;
export type SnapshotFigure = (typeof FIGURES)[number];
export type SnapshotDelta = { figure: SnapshotFigure; current: number | null; deltas: { days: number; change: number | null }[] };

const dayBefore = (day: string, days: number) => toUtcDay(new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS));

/**
 * Each figure of the latest snapshot with its change since the snapshot `days` earlier (the latest one on or before
 * that day); a change is null when there is no such snapshot or either side does not know the figure.
 */
export function computeSnapshotDeltas({ snapshots }: { snapshots: Snapshot[] }): SnapshotDelta[] {
  const latest = snapshots.at(-1);
  if (!latest) return [];
  const earlier = DELTA_DAYS.map((days) => {
    const cutoff = dayBefore(latest.day, days);
    return { days, snapshot: snapshots.findLast((snapshot) => snapshot.day <= cutoff) };
  });
  return FIGURES.map((figure) => ({
    figure, current: latest[figure],
    deltas: earlier.map(({ days, snapshot }) => {
      const before = snapshot?.[figure];
      return { days, change: before == null || latest[figure] == null ? null : latest[figure]! - before };
    }),
  }));
}
