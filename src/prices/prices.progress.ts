/** Progress of the price sources on stderr: one redrawn line on a terminal, a plain line every 2 s otherwise. */
import type { EverefImportProgress } from "./everef.import.ts";
import type { EsiFetchProgress } from "./esi.fetch.ts";

const PLAIN_EVERY_MS = 2_000;
const BAR_WIDTH = 24;

const count = (value: number) => value.toLocaleString("en-US");
const perSecond = ({ done, elapsedMs }: { done: number; elapsedMs: number }) => count(Math.round(done / Math.max(0.001, elapsedMs / 1000)));

function bar({ done, total }: { done: number; total: number }) {
  const share = total ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * BAR_WIDTH);
  return `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${(share * 100).toFixed(0)}%`;
}

export function formatImportProgress({ progress, elapsedMs }: { progress: EverefImportProgress; elapsedMs: number }) {
  const p = progress;
  return `${bar({ done: p.filesSeen, total: p.files })} file ${p.filesSeen}/${p.files} ${p.file} ` +
    `${count(p.rows)} rows (${count(p.changed)} new or changed) ${perSecond({ done: p.rows, elapsedMs })} rows/s, ` +
    `${p.badLines} bad lines, ${p.failed} files failed, ${p.skipped} already imported`;
}

export function formatFetchProgress({ progress, elapsedMs }: { progress: EsiFetchProgress; elapsedMs: number }) {
  const p = progress;
  const handled = p.fetched + p.failed;
  return `${bar({ done: handled, total: p.toFetch })} region ${p.regionId} ${handled}/${p.toFetch} types ` +
    `(${p.skipped} fetched earlier today, ${p.failed} failed) ${count(p.rows)} days (${count(p.changed)} new or changed) ` +
    `${perSecond({ done: handled, elapsedMs })} types/s`;
}

export function createProgressLine<P>({ format, stream = process.stderr }: {
  format: (input: { progress: P; elapsedMs: number }) => string;
  stream?: NodeJS.WriteStream;
}) {
  const started = performance.now();
  let lastPlain = 0;
  return {
    elapsedMs: () => performance.now() - started,
    update(progress: P) {
      const line = format({ progress, elapsedMs: performance.now() - started });
      if (stream.isTTY) return void stream.write(`\r${line}\x1b[K`);
      if (performance.now() - lastPlain < PLAIN_EVERY_MS) return;
      lastPlain = performance.now();
      stream.write(`${line}\n`);
    },
    /** Prints a message on its own line (a bad line, a failed file) without breaking the bar. */
    note(message: string) {
      stream.write(`${stream.isTTY ? "\r\x1b[K" : ""}${message}\n`);
    },
    done(progress: P) {
      const line = format({ progress, elapsedMs: performance.now() - started });
      stream.write(stream.isTTY ? `\r${line}\x1b[K\n` : `${line}\n`);
    },
  };
}
