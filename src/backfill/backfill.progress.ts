/** A one-line progress bar on stderr (rate and ETA over killmails); plain periodic lines when not a TTY. */
import type { BackfillProgress } from "./backfill.usecases.ts";

const PLAIN_EVERY_MS = 2_000;
const BAR_WIDTH = 24;

export function formatDuration(seconds: number) {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

export function formatProgress({ progress, elapsedMs }: { progress: BackfillProgress; elapsedMs: number }) {
  const rate = progress.handled / Math.max(0.001, elapsedMs / 1000);
  const share = progress.expected ? Math.min(1, progress.handled / progress.expected) : progress.daysDone / Math.max(1, progress.days);
  const filled = Math.round(share * BAR_WIDTH);
  const eta = rate > 0 && progress.expected ? (progress.expected - progress.handled) / rate : Number.NaN;
  return `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${(share * 100).toFixed(0)}% ${progress.day} day ${progress.daysDone}/${progress.days} ` +
    `${progress.handled}/${progress.expected} killmails (${progress.handedOff} new, ${progress.skipped} already stored, ${progress.rejected} rejected) ` +
    `${rate.toFixed(0)}/s ETA ${formatDuration(eta)}`;
}

export function createProgressBar({ stream = process.stderr }: { stream?: NodeJS.WriteStream } = {}) {
  const started = performance.now();
  let lastPlain = 0;
  return {
    update(progress: BackfillProgress) {
      const line = formatProgress({ progress, elapsedMs: performance.now() - started });
      if (stream.isTTY) return void stream.write(`\r${line}\x1b[K`);
      if (performance.now() - lastPlain < PLAIN_EVERY_MS) return;
      lastPlain = performance.now();
      stream.write(`${line}\n`);
    },
    done(progress: BackfillProgress) {
      stream.write(`${stream.isTTY ? "\r" : ""}${formatProgress({ progress, elapsedMs: performance.now() - started })}\n`);
    },
  };
}
