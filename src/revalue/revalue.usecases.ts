/**
 * `killmail revalue`: stored kills in time order, a batch at a time, priced again with the prices known now. Only
 * what changed is written, a chunk of batches per transaction, with the entity totals (and so the all-time top
 * lists) and the run's cursor (keyed by its filter) in the same transaction; the cursor is removed at the end, so a
 * stopped run resumes after its last written chunk.
 */
import type { Sql } from "../db/db.client.ts";
import type { UniverseLookup } from "../universe/universe.usecases.ts";
import { createBatchPriceLoader } from "../prices/prices.batch.ts";
import { collectPricedTypeIds } from "../killmails/killmail.usecases.ts";
import { revalueKillmail, type StoredValuation } from "./revalue.models.ts";
import { createRevalueRepository, type RevalueCursor, type RevalueFilter, type Revaluation } from "./revalue.repository.ts";

/** Kills read, priced and valued together: one price-facts load covers the batch's few days. */
export const REVALUE_BATCH_KILLS = 2_000;
/**
 * Kills per write transaction. The totals refresh re-aggregates every touched entity and place over all its kills,
 * which for any sizeable chunk is most of the table, so it is paid once per chunk rather than once per batch.
 */
export const REVALUE_CHUNK_KILLS = 50_000;
const LARGEST_CHANGES = 10;

export type RevalueProgress = { scanned: number; changed: number };
export type RevalueChange = { killmailId: number; before: number; after: number; delta: number };
/** Milliseconds spent per stage over the run (the bench prints them). */
export type RevalueTimings = { read: number; prices: number; value: number; kills: number; items: number; totals: number };

const runKeyOf = (filter: RevalueFilter) =>
  `since=${filter.since?.toISOString() ?? ""};until=${filter.until?.toISOString() ?? ""};type=${filter.typeId ?? ""}`;

function keepLargest(largest: RevalueChange[], change: RevalueChange) {
  largest.push(change);
  largest.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
  largest.length = Math.min(largest.length, LARGEST_CHANGES);
}

function batchTypeIds(batch: StoredValuation[]) {
  const into = new Set<number>();
  for (const kill of batch) collectPricedTypeIds({ esi: kill.esi, into });
  return into;
}

function createStopwatch<K extends string>(timings: Record<K, number>) {
  let at = performance.now();
  return {
    lap(stage: K) {
      const now = performance.now();
      timings[stage] += now - at;
      at = now;
    },
    restart() {
      at = performance.now();
    },
  };
}

/**
 * An aborted `signal` ends the run between batches: the chunk valued so far is written with its cursor and the
 * cursor is kept, so the next run with the same filter resumes there.
 */
export async function revalueKillmails({ sql, universe, filter, dryRun, batchSize = REVALUE_BATCH_KILLS, chunkSize = REVALUE_CHUNK_KILLS, onProgress, signal }: {
  sql: Sql;
  universe: UniverseLookup;
  filter: RevalueFilter;
  dryRun: boolean;
  batchSize?: number;
  chunkSize?: number;
  onProgress?: (progress: RevalueProgress) => void;
  signal?: AbortSignal;
}) {
  const repository = createRevalueRepository({ sql });
  const prices = await createBatchPriceLoader({ sql, typeOf: universe.typeOf });
  const runKey = runKeyOf(filter);
  // A dry run neither resumes nor leaves a cursor: it reports on everything the filter covers.
  let cursor: RevalueCursor | null = dryRun ? null : await repository.readCursor({ runKey });
  const resumed = cursor !== null;
  const progress: RevalueProgress = { scanned: 0, changed: 0 };
  const largest: RevalueChange[] = [];
  const timings: RevalueTimings = { read: 0, prices: 0, value: 0, kills: 0, items: 0, totals: 0 };
  const { lap, restart } = createStopwatch(timings);
  const wall = performance.now();
  let pending: Revaluation[] = [];
  let pendingScanned = 0;

  // One chunk is written while the next is read and valued (Postgres and this process each get a core); chunks are
  // still written one after another, in order, so the cursor saved never passes an unwritten kill.
  let writing: Promise<void> = Promise.resolve();
  async function flush() {
    if (!dryRun && pendingScanned && cursor) {
      const chunk = { revaluations: pending, runKey, cursor };
      await writing;
      writing = repository.writeRevaluations(chunk).then((written) => {
        for (const stage of ["kills", "items", "totals"] as const) timings[stage] += written[stage];
      });
      writing.catch(() => {}); // awaited at the next flush or at the end; this only keeps it from counting as unhandled
    }
    pending = [];
    pendingScanned = 0;
  }

  for (;;) {
    if (signal?.aborted) break;
    restart();
    const batch = await repository.listBatch({ after: cursor, filter, limit: batchSize });
    lap("read");
    if (!batch.length) break;
    const resolver = await prices.loadResolver({ typeIds: batchTypeIds(batch), killTimes: batch.map((kill) => kill.killmailTime) });
    lap("prices");
    const changedBefore = pending.length;
    const context = { ...universe, priceOf: resolver.resolvePrice };
    for (const stored of batch) {
      const result = revalueKillmail({ stored, context });
      if (!result.changed) continue;
      pending.push({
        killmailId: stored.killmailId, killmailTime: stored.killmailTime, labels: result.labels, values: result.values, items: result.changedItems,
        killChanged: result.killChanged, totalChanged: result.totalChanged,
      });
      keepLargest(largest, { killmailId: stored.killmailId, before: stored.values.total, after: result.values.total, delta: result.delta });
    }
    lap("value");
    const last = batch.at(-1)!;
    cursor = { killmailTime: last.killmailTime, killmailId: last.killmailId };
    pendingScanned += batch.length;
    progress.scanned += batch.length;
    progress.changed = progress.changed + pending.length - changedBefore;
    onProgress?.({ ...progress });
    if (pendingScanned >= chunkSize) await flush();
  }
  await flush();
  await writing;
  const stopped = Boolean(signal?.aborted);
  if (!dryRun && !stopped) await repository.deleteCursor({ runKey });
  return { ...progress, resumed, stopped, dryRun, largest, timings: { ...timings, wall: performance.now() - wall } };
}
