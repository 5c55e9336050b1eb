/**
 * One progress line on stderr for the long commands (backfill, prices import/fetch, revalue): redrawn in place
 * on a terminal, a plain line every 2 s otherwise, so a log file gets a trace and not one line per update.
 */

const PLAIN_EVERY_MS = 2_000;
const BAR_WIDTH = 24;

/** `[#####---] 42%` for a share in [0, 1]. */
export function formatBar({ share }: { share: number }) {
  const filled = Math.round(share * BAR_WIDTH);
  return `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${(share * 100).toFixed(0)}%`;
}

export function createProgressLine<P>({ format, stream = process.stderr }: {
  format: (input: { progress: P; elapsedMs: number }) => string;
  stream?: NodeJS.WriteStream;
}) {
  const started = performance.now();
  let lastPlain = 0;
  const lineOf = (progress: P) => format({ progress, elapsedMs: performance.now() - started });
  return {
    elapsedMs: () => performance.now() - started,
    update(progress: P) {
      if (stream.isTTY) return void stream.write(`\r${lineOf(progress)}\x1b[K`);
      if (performance.now() - lastPlain < PLAIN_EVERY_MS) return;
      lastPlain = performance.now();
      stream.write(`${lineOf(progress)}\n`);
    },
    /** Prints a message on its own line (a bad line, a failed file) without breaking the bar. */
    note(message: string) {
      stream.write(`${stream.isTTY ? "\r\x1b[K" : ""}${message}\n`);
    },
    done(progress: P) {
      stream.write(stream.isTTY ? `\r${lineOf(progress)}\x1b[K\n` : `${lineOf(progress)}\n`);
    },
  };
}
