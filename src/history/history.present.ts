/** The daily page's table and the snapshot panel as the templates show them: readable figures and charts. Pure. */
import { formatIsk, formatNumber } from "../present/present.format.ts";
import { computeEfficiency, type BucketRow } from "./history.models.ts";
import type { SnapshotPanel } from "./history.snapshots.usecases.ts";
import type { SnapshotFigure } from "./history.snapshots.models.ts";
import { renderDailyChart, renderGrowthChart } from "./history.svg.ts";

const FIGURE_LABELS: Record<SnapshotFigure, string> = {
  memberCount: "Members", corporationCount: "Corporations", kills: "Ships destroyed", losses: "Ships lost",
  iskDestroyed: "ISK destroyed", iskLost: "ISK lost",
};
const ISK_FIGURES = new Set<SnapshotFigure>(["iskDestroyed", "iskLost"]);

/** Newest first, as the daily table lists them; the chart runs oldest to newest. */
export function presentDailyRows({ days }: { days: BucketRow[] }) {
  return {
    rows: days.map((day) => {
      const efficiency = computeEfficiency(day);
      return { day: day.start, kills: formatNumber(day.kills), losses: formatNumber(day.losses),
        iskDestroyed: formatIsk(day.iskDestroyed), iskLost: formatIsk(day.iskLost), efficiency: efficiency == null ? "–" : `${efficiency}%` };
    }),
    chart: renderDailyChart({ days }),
  };
}

const signed = (figure: SnapshotFigure, change: number) =>
  `${change > 0 ? "+" : change < 0 ? "−" : "±"}${ISK_FIGURES.has(figure) ? formatIsk(Math.abs(change)) : formatNumber(Math.abs(change))}`;

/** Null without any snapshot; a figure no snapshot knows (an alliance's corporations on a corporation) is left out. */
export function presentSnapshotPanel({ panel }: { panel: SnapshotPanel }) {
  if (!panel.deltas.length) return null;
  const rows = panel.deltas.filter((delta) => delta.current != null).map((delta) => ({
    label: FIGURE_LABELS[delta.figure],
    current: ISK_FIGURES.has(delta.figure) ? formatIsk(delta.current) : formatNumber(delta.current),
    deltas: delta.deltas.map(({ days, change }) => ({ days, text: change == null ? "" : signed(delta.figure, change) })),
  }));
  const members = panel.snapshots.flatMap((s) => (s.memberCount == null ? [] : [{ day: s.day, value: s.memberCount }]));
  return { asOf: panel.snapshots.at(-1)!.day, rows, chart: renderGrowthChart({ points: members, label: "Members per daily snapshot" }) };
}
