/** What the partitions and reconcile jobs do, wired from their modules' use cases. */
import { DAY_MS, startOfUtcDay, toUtcDay } from "../app/time.ts";
import { createBackfillRepository } from "../backfill/backfill.repository.ts";
import { createQueueSink } from "../backfill/backfill.sinks.ts";
import { listShortDays, reconcileDays } from "../backfill/reconcile.usecases.ts";
import type { Sql } from "../db/db.client.ts";
import { createIngestRepository } from "../ingest/ingest.repository.ts";
import { createKillmailRepository } from "../killmails/killmail.repository.ts";
import { createCompactionRepository } from "../killmails/killmail.compaction.repository.ts";
import type { CronJobContext } from "./cron.jobs.ts";
import { runBoardBackfill } from "../backfill/backfill.board.ts";

const monthStart = (date: Date, offset: number) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1));

/** This month and `months` ahead, so no live killmail waits on creating its partition. */
export async function ensurePartitionsAhead({ sql, now, months }: { sql: Sql; now: Date; months: number }) {
  const wanted = Array.from({ length: months + 1 }, (_, offset) => toUtcDay(monthStart(now, offset)));
  const { created } = await createKillmailRepository({ sql }).ensureMonthPartitions({ months: wanted });
  return { checked: wanted.length, created };
}

/** Days after a month ends before its partitions are compacted: the late kills of its last days (reconcile) are in by then. */
export const COMPACT_AFTER_DAYS = 3;

/** Every partition of a closed month not compacted yet, oldest first, until the job is stopped (the next run goes on). */
export async function compactClosedMonths({ sql, now, signal }: { sql: Sql; now: Date; signal: AbortSignal }) {
  const compaction = createCompactionRepository({ sql });
  const due = await compaction.listDue({ closedBefore: new Date(now.getTime() - COMPACT_AFTER_DAYS * DAY_MS) });
  const totals = { due: due.length, compacted: 0, indexBytesBefore: 0, indexBytesAfter: 0 };
  for (const { partitionName } of due) {
    if (signal.aborted) break;
    const { bytesBefore, bytesAfter } = await compaction.compact({ partitionName });
    totals.compacted++;
    totals.indexBytesBefore += bytesBefore;
    totals.indexBytesAfter += bytesAfter;
  }
  return totals;
}

function createSink(context: CronJobContext) {
  const { sql, queues, logger } = context;
  return createQueueSink({ queue: queues.killmails, findExistingIds: createKillmailRepository({ sql }).findExistingIds, ingest: createIngestRepository({ sql }), logger });
}

/**
 * A board's reconciliation: zKillboard's daily totals count every kill of the game, so a board compares its
 * entities' history instead, the newest page of each hourly (`maxPages` 1), all of it weekly.
 */
function reconcileBoard({ context, board, maxPages }: { context: CronJobContext; board: NonNullable<CronJobContext["settings"]["board"]>; maxPages?: number }) {
  return runBoardBackfill({ client: context.history, sink: createSink(context), apiBaseUrl: board.apiBaseUrl, entities: board.entities, maxPages, signal: context.signal });
}

/** The last `settings.reconcileDays` UTC days, today included. */
export async function reconcileRecentDays(context: CronJobContext) {
  if (context.settings.board) return reconcileBoard({ context, board: context.settings.board, maxPages: 1 });
  const today = startOfUtcDay(context.now());
  const from = new Date(today.getTime() - (context.settings.reconcileDays - 1) * DAY_MS);
  const days = Array.from({ length: context.settings.reconcileDays }, (_, index) => toUtcDay(new Date(from.getTime() + index * DAY_MS)));
  const storedPerDay = await createBackfillRepository({ sql: context.sql }).countStoredPerDay({ from, to: new Date(today.getTime() + DAY_MS) });
  return reconcileDays({ client: context.history, sink: createSink(context), days, storedPerDay, signal: context.signal });
}

/**
 * Every day of zKillboard's totals whose stored count is short, from the first day the board stored anything: a
 * board that never backfilled a year is not made to fetch it (that is `backfill`'s job, run on purpose).
 */
export async function reconcileShortDays(context: CronJobContext) {
  if (context.settings.board) return reconcileBoard({ context, board: context.settings.board });
  const repository = createBackfillRepository({ sql: context.sql });
  const firstDay = await repository.findFirstStoredDay();
  if (!firstDay) return { daysChecked: 0, daysWithGaps: 0, queued: 0, rejected: 0, gaps: [], ids: [] };
  const totals = await context.history.fetchTotals({ signal: context.signal });
  const storedPerDay = await repository.countStoredPerDay({ from: new Date(`${firstDay}T00:00:00Z`), to: new Date(context.now().getTime() + DAY_MS) });
  const days = listShortDays({ totals, storedPerDay }).filter((day) => day >= firstDay);
  return reconcileDays({ client: context.history, sink: createSink(context), days, storedPerDay, totals, signal: context.signal });
}
