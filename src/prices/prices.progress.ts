/** The price sources' progress lines (drawn by app/progress.ts). */
import { formatBar } from "../app/progress.ts";
import type { EverefImportProgress } from "./everef.import.ts";
import type { EsiFetchProgress } from "./esi.fetch.ts";

const count = (value: number) => value.toLocaleString("en-US");
const perSecond = ({ done, elapsedMs }: { done: number; elapsedMs: number }) => count(Math.round(done / Math.max(0.001, elapsedMs / 1000)));

const bar = ({ done, total }: { done: number; total: number }) => formatBar({ share: total ? Math.min(1, done / total) : 1 });

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
