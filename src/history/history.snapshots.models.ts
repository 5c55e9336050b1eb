/** Growth of a corporation or alliance between daily snapshots. Pure. */
import { DAY_MS, toUtcDay } from "../app/time.ts";
import type { Snapshot } from "./history.snapshots.repository.ts";

/** The deltas a page shows: against a week and a month before today. */
export const DELTA_DAYS = [7, 30] as const;
const FIGURES = ["memberCount", "corporationCount", "kills", "losses", "iskDestroyed", "iskLost"] as const;
export type SnapshotFigure = (typeof FIGURES)[number];
export type SnapshotDelta = { figure: SnapshotFigure; current: number | null; deltas: { days: number; change: number | null }[] };

const dayBefore = (day: string, days: number) => toUtcDay(new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS));

/**
 * Each figure as of `today` (the latest snapshot on or before it: a row is only written when something changed) with
 * its change since `days` earlier (the latest snapshot on or before that day); a change is null when there is no
 * such snapshot or either side does not know the figure.
 */
export function computeSnapshotDeltas({ snapshots, today }: { snapshots: Snapshot[]; today: string }): SnapshotDelta[] {
  const asOf = (day: string) => snapshots.findLast((snapshot) => snapshot.day <= day);
  const latest = asOf(today);
  if (!latest) return [];
  const earlier = DELTA_DAYS.map((days) => ({ days, snapshot: asOf(dayBefore(today, days)) }));
  return FIGURES.map((figure) => ({
    figure, current: latest[figure],
    deltas: earlier.map(({ days, snapshot }) => {
      const before = snapshot?.[figure];
      return { days, change: before == null || latest[figure] == null ? null : latest[figure]! - before };
    }),
  }));
}
