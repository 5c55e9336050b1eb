/**
 * `killmail revalue`: stored kills in time order, a batch at a time, priced again with the prices known now. Only
 * changed kills are written; entity totals (and so the all-time top lists) follow in the same transaction. The
 * cursor of a run (keyed by its filter) is saved after each batch and removed at the end, so a stopped run resumes.
 */
import type { Sql } from "../db/db.client.ts";
import type { UniverseLookup } from "../universe/universe.usecases.ts";
import { createBatchPriceLoader } from "../prices/prices.batch.ts";
import { flattenItems } from "../killmails/items.models.ts";
import { revalueKillmail } from "./revalue.models.ts";
import { createRevalueRepository, type RevalueFilter, type Revaluation } from "./revalue.repository.ts";

export const REVALUE_BATCH_KILLS = 500;
const LARGEST_CHANGES = 10;

export type RevalueProgress = { scanned: number; changed: number };
export type RevalueChange = { killmailId: number; before: number; after: number; delta: number };

const runKeyOf = (filter: RevalueFilter) =>
  `since=${filter.since?.toISOString() ?? ""};until=${filter.until?.toISOString() ?? ""};type=${filter.typeId ?? ""}`;

function keepLargest(largest: RevalueChange[], change: RevalueChange) {
  largest.push(change);
  largest.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
  largest.length = Math.min(largest.length, LARGEST_CHANGES);
}

export async function revalueKillmails({ sql, universe, filter, dryRun, batchSize = REVALUE_BATCH_KILLS, onProgress }: {
  sql: Sql;
  universe: UniverseLookup;
  filter: RevalueFilter;
  dryRun: boolean;
  batchSize?: number;
  onProgress?: (progress: RevalueProgress) => void;
}) {
  const repository = createRevalueRepository({ sql });
  const prices = await createBatchPriceLoader({ sql, typeOf: universe.typeOf });
  const runKey = runKeyOf(filter);
  // A dry run neither resumes nor leaves a cursor: it reports on everything the filter covers.
  let cursor = dryRun ? null : await repository.readCursor({ runKey });
  const resumed = cursor !== null;
  const progress: RevalueProgress = { scanned: 0, changed: 0 };
  const largest: RevalueChange[] = [];
  for (;;) {
    const batch = await repository.listBatch({ after: cursor, filter, limit: batchSize });
    if (!batch.length) break;
    const typeIds = new Set<number>();
    for (const kill of batch) {
      typeIds.add(kill.esi.victim.ship_type_id);
      for (const item of flattenItems({ items: kill.esi.victim.items }).items) typeIds.add(item.typeId);
    }
    const resolver = await prices.loadResolver({ typeIds, killTimes: batch.map((kill) => kill.killmailTime) });
    const context = { ...universe, priceOf: resolver.resolvePrice };
    const revaluations: Revaluation[] = [];
    for (const stored of batch) {
      const result = revalueKillmail({ stored, context });
      if (!result.changed) continue;
      revaluations.push({ killmailId: stored.killmailId, killmailTime: stored.killmailTime, labels: result.labels, values: result.values, items: result.changedItems });
      keepLargest(largest, { killmailId: stored.killmailId, before: stored.values.total, after: result.values.total, delta: result.delta });
    }
    if (!dryRun) await repository.writeRevaluations({ revaluations });
    const last = batch.at(-1)!;
    cursor = { killmailTime: last.killmailTime, killmailId: last.killmailId };
    if (!dryRun) await repository.saveCursor({ runKey, cursor });
    progress.scanned += batch.length;
    progress.changed += revaluations.length;
    onProgress?.({ ...progress });
  }
  if (!dryRun) await repository.deleteCursor({ runKey });
  return { ...progress, resumed, dryRun, largest };
}
