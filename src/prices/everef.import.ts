/**
 * `prices import everef`: EVE Ref day files streamed into price_history, a batch at a time. A bad line is reported
 * and skipped; a file that fails wholly (a 404 the listing promised, broken bzip2) is reported and the next one
 * read. A file read to its end is marked per region, so a later run skips it (unless `force`); a file cut short
 * is not, and is read again: the upsert makes that harmless (same rows, nothing changes).
 */
import type { Sql } from "../db/db.client.ts";
import { listEverefDayFiles, type EverefDayFile } from "./everef.files.ts";
import { parseEverefDayFile, type EverefBadLine } from "./everef.parse.ts";
import { historySourceOf } from "./fetch.models.ts";
import { createPricesRepository, type HistoryRow } from "./prices.repository.ts";

/** Rows per upsert; one batch is written while the next is parsed. */
export const EVEREF_IMPORT_BATCH_ROWS = 5_000;

export type EverefImportCounts = {
  files: number; imported: number; skipped: number; missing: number; failed: number;
  rows: number; changed: number; badLines: number;
};
export type EverefImportProgress = EverefImportCounts & { file: string; filesSeen: number };
type Repository = ReturnType<typeof createPricesRepository>;
type FileHooks = { onBadLine?: (bad: EverefBadLine & { file: string }) => void; onRows: (rows: number, changed: number) => void };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One file, batched; resolves with its rows per region, or null when an optional file does not exist. */
async function importDayFile({ repository, file, regions, hooks, signal }: {
  repository: Repository; file: EverefDayFile; regions: ReadonlySet<number>; hooks: FileHooks; signal?: AbortSignal;
}) {
  const opened = await file.open({ signal });
  if (!opened) return null;
  const source = historySourceOf({ emulated: opened.emulated, real: "everef" });
  const rowsByRegion = new Map<number, number>();
  // Keyed by (type, region, day): one upsert may not touch a row twice, and a repeated line is not two rows.
  let batch = new Map<string, HistoryRow>();
  let writing: Promise<void> = Promise.resolve();
  async function flush() {
    const rows = [...batch.values()];
    batch = new Map();
    await writing;
    writing = repository.upsertHistory({ rows }).then((changed) => hooks.onRows(rows.length, changed));
    // Awaited at the next flush or at the end; until then a failure must not count as unhandled.
    writing.catch(() => {});
  }
  const onBadLine = (bad: EverefBadLine) => hooks.onBadLine?.({ ...bad, file: file.name });
  for await (const row of parseEverefDayFile({ stream: opened.stream, regions, onBadLine, name: file.name })) {
    batch.set(`${row.typeId}:${row.regionId}:${row.day}`, {
      typeId: row.typeId, regionId: row.regionId, day: row.day, average: row.average, highest: row.highest,
      lowest: row.lowest, volume: row.volume, orderCount: row.orderCount, source,
    });
    rowsByRegion.set(row.regionId, (rowsByRegion.get(row.regionId) ?? 0) + 1);
    if (batch.size >= EVEREF_IMPORT_BATCH_ROWS) await flush();
  }
  if (batch.size) await flush();
  await writing;
  return { rowsByRegion };
}

async function listDaysDone({ repository, regions }: { repository: Repository; regions: number[] }) {
  const perRegion = await Promise.all(regions.map((regionId) => repository.listImportedEverefDays({ regionId })));
  return new Set([...perRegion[0]!].filter((day) => perRegion.every((days) => days.has(day))));
}

export async function importEverefHistory({ sql, source, from, to, regions, force = false, now = new Date(), signal, onBadLine, onFileFailed, onProgress }: {
  sql: Sql;
  /** A directory, one day file, or a base URL laid out as data.everef.net's market-history. */
  source: string;
  from?: string;
  to?: string;
  regions: number[];
  /** Read files already imported completely too. */
  force?: boolean;
  now?: Date;
  signal?: AbortSignal;
  onBadLine?: (bad: EverefBadLine & { file: string }) => void;
  onFileFailed?: (failure: { file: string; reason: string }) => void;
  onProgress?: (progress: EverefImportProgress) => void;
}) {
  const repository = createPricesRepository({ sql });
  const { files } = await listEverefDayFiles({ source, from, to, signal });
  const done = force ? new Set<string>() : await listDaysDone({ repository, regions });
  const counts: EverefImportCounts = { files: files.length, imported: 0, skipped: 0, missing: 0, failed: 0, rows: 0, changed: 0, badLines: 0 };
  const report = (file: string, filesSeen: number) => onProgress?.({ ...counts, file, filesSeen });
  const regionSet = new Set(regions);
  for (const [index, file] of files.entries()) {
    if (done.has(file.day)) {
      counts.skipped++;
      continue;
    }
    const hooks: FileHooks = {
      onBadLine: (bad) => void (counts.badLines++, onBadLine?.(bad)),
      onRows: (rows, changed) => void (counts.rows += rows, counts.changed += changed, report(file.name, index)),
    };
    try {
      const read = await importDayFile({ repository, file, regions: regionSet, hooks, signal });
      if (!read) counts.missing++;
      else {
        for (const regionId of regions) await repository.markEverefDayImported({ regionId, day: file.day, rows: read.rowsByRegion.get(regionId) ?? 0, importedAt: now });
        counts.imported++;
      }
    } catch (error) {
      if (signal?.aborted) throw error;
      counts.failed++;
      onFileFailed?.({ file: file.name, reason: messageOf(error) });
    }
    report(file.name, index + 1);
  }
  return counts;
}
