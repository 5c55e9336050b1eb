/**
 * Walks zKillboard's daily history files. Invariant: a day is marked completed only after every entry in it was
 * handed off (queued, or stored with `--raw`), found already stored, or rejected with its reason (bad key, bad
 * hash, a body refused), so a day never stays incomplete because of its own data; an interrupted run redoes only
 * the day it was in, and skips what that day already stored (killmail_ids), so a restart lands the same count.
 */
import { toDayKey, type HistoryClient } from "./history.client.ts";
import type { BackfillRepository } from "./backfill.repository.ts";
import { readHistoryEntries, type BackfillEntry, type BackfillRejection } from "./backfill.schemas.ts";
import { listUtcDays } from "../app/time.ts";

export const BACKFILL_BATCH_SIZE = 500;

export type { BackfillEntry };
export type BackfillSink = {
  findExistingIds: (args: { killmailIds: number[] }) => Promise<Set<number>>;
  /** Queues (via ESI) or stores (`--raw`) new killmails; resolves once they are durable. */
  handOff: (args: { entries: BackfillEntry[] }) => Promise<{ rejected: number }>;
  /** Logs and counts (ingest outcomes) a history entry that cannot become a killmail. */
  reject: (rejection: BackfillRejection) => Promise<void>;
};
export type BackfillProgress = { day: string; daysDone: number; days: number; handled: number; expected: number; handedOff: number; skipped: number; rejected: number };

async function readDay({ client, day, raw, signal }: { client: HistoryClient; day: string; raw: boolean; signal?: AbortSignal }) {
  const hashes = await client.fetchDayHashes({ day, signal });
  const bodies = raw ? await client.fetchDayBodies({ day, signal }) : {};
  return readHistoryEntries({ hashes, bodies, raw });
}

export async function runHistoryBackfill({ client, repository, sink, source, startDate, endDate, raw, signal, onProgress }: {
  client: HistoryClient;
  repository: BackfillRepository;
  sink: BackfillSink;
  source: string;
  startDate: string;
  endDate: string;
  raw: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: BackfillProgress) => void;
}) {
  const days = listUtcDays({ from: startDate, to: endDate });
  const totals = await client.fetchTotals({ signal });
  const completed = new Set((await repository.listDays({ source, from: startDate, to: endDate })).filter((d) => d.completedAt).map((d) => d.day));
  const progress: BackfillProgress = { day: "", daysDone: 0, days: days.length, handled: 0, expected: 0, handedOff: 0, skipped: 0, rejected: 0 };
  for (const day of days) if (!completed.has(day)) progress.expected += totals[toDayKey(day)] ?? 0;
  for (const day of days) {
    if (signal?.aborted) break;
    progress.day = day;
    if (!completed.has(day)) await backfillDay({ client, repository, sink, source, day, raw, signal, progress, onProgress });
    progress.daysDone++;
    onProgress?.(progress);
  }
  return progress;
}

async function backfillDay({ client, repository, sink, source, day, raw, signal, progress, onProgress }: {
  client: HistoryClient; repository: BackfillRepository; sink: BackfillSink; source: string; day: string; raw: boolean;
  signal?: AbortSignal; progress: BackfillProgress; onProgress?: (progress: BackfillProgress) => void;
}) {
  const { entries, rejections } = await readDay({ client, day, raw, signal });
  for (const rejection of rejections) await sink.reject({ ...rejection, key: `history ${day} key ${JSON.stringify(rejection.key)}` });
  Object.assign(progress, { handled: progress.handled + rejections.length, rejected: progress.rejected + rejections.length });
  const listed = entries.length + rejections.length;
  const counts = { handedOff: 0, alreadyStored: 0 };
  for (let start = 0; start < entries.length; start += BACKFILL_BATCH_SIZE) {
    if (signal?.aborted) return;
    const batch = entries.slice(start, start + BACKFILL_BATCH_SIZE);
    const existing = await sink.findExistingIds({ killmailIds: batch.map((entry) => entry.killmailId) });
    const fresh = batch.filter((entry) => !existing.has(entry.killmailId));
    const { rejected } = fresh.length ? await sink.handOff({ entries: fresh }) : { rejected: 0 };
    counts.handedOff += fresh.length - rejected;
    counts.alreadyStored += existing.size;
    Object.assign(progress, { handled: progress.handled + batch.length, handedOff: progress.handedOff + fresh.length - rejected, skipped: progress.skipped + existing.size, rejected: progress.rejected + rejected });
    await repository.saveDay({ source, day, listed, ...counts, completed: false });
    onProgress?.(progress);
  }
  await repository.saveDay({ source, day, listed, ...counts, completed: true });
}
