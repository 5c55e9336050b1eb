/** The backfill's progress line (rate and ETA over killmails), drawn by app/progress.ts. */
import { createProgressLine, formatBar } from "../app/progress.ts";
import type { BackfillProgress } from "./backfill.usecases.ts";

export function formatDuration(seconds: number) {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

export function formatProgress({ progress, elapsedMs }: { progress: BackfillProgress; elapsedMs: number }) {
  const rate = progress.handled / Math.max(0.001, elapsedMs / 1000);
  const share = progress.expected ? Math.min(1, progress.handled / progress.expected) : progress.daysDone / Math.max(1, progress.days);
  const eta = rate > 0 && progress.expected ? (progress.expected - progress.handled) / rate : Number.NaN;
  return `${formatBar({ share })} ${progress.day} day ${progress.daysDone}/${progress.days} ` +
    `${progress.handled}/${progress.expected} killmails (${progress.handedOff} new, ${progress.skipped} already stored, ${progress.rejected} rejected) ` +
    `${rate.toFixed(0)}/s ETA ${formatDuration(eta)}`;
}

export const createProgressBar = ({ stream }: { stream?: NodeJS.WriteStream } = {}) =>
  createProgressLine<BackfillProgress>({ format: formatProgress, stream });
