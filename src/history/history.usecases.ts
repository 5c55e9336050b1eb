/** Time-bucketed statistics: the rollup refresh, the daily self-correction, and the series the API and pages read. */
import { daysBefore, startOfUtcDay, toUtcDay } from "../app/time.ts";
import type { Sql } from "../db/db.client.ts";
import type { Scope } from "../stats/stats.repository.ts";
import { createDailyRepository } from "./history.daily.repository.ts";
import { fillBuckets, resolveBucketRange, type Bucket } from "./history.models.ts";
import { createHistoryReadRepository } from "./history.read.repository.ts";

/** The prices job (11:40 UTC) values the last 2 days' kills again: the correction covers them and today. */
export const CORRECTED_DAYS = 3;
/** Months rebuilt whole from their days by the correction: this one and the last. */
export const CORRECTED_MONTHS = 2;

export const refreshHistory = ({ sql }: { sql: Sql }) => createDailyRepository({ sql }).refreshEntityDaily();

/** Recent days recomputed from the killmails, then recent months and their years from the days. */
export async function correctRecentHistory({ sql, now }: { sql: Sql; now: Date }) {
  const daily = createDailyRepository({ sql });
  const days = await daily.recomputeDaysSince({ since: startOfUtcDay(daysBefore(now, CORRECTED_DAYS - 1)) });
  const firstMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (CORRECTED_MONTHS - 1), 1));
  const months = await daily.rebuildMonthsSince({ since: firstMonth });
  return { days, months };
}

/** One bucket per day, week or month of the range (zeros included); `problem` when the range cannot be served. */
export async function getBucketedStatistics({ sql, scope, bucket, from, to, now }: {
  sql: Sql; scope: Scope; bucket: Bucket; from?: string; to?: string; now: Date;
}) {
  const resolved = resolveBucketRange({ bucket, from, to, today: toUtcDay(now) });
  if (!resolved.range) return { problem: resolved.problem };
  const { range } = resolved;
  const reads = createHistoryReadRepository({ sql });
  const rows = bucket === "month" ? await reads.listMonthBuckets({ scope, ...range }) : await reads.listDayBuckets({ scope, bucket, ...range });
  return { series: { bucket, from: range.from, to: range.to, data: fillBuckets({ bucket, ...range, rows }) } };
}

/** The daily page's rows: the last `days` UTC days up to today, newest first. */
export async function loadRecentDays({ sql, scope, now, days }: { sql: Sql; scope: Scope; now: Date; days: number }) {
  const to = toUtcDay(now);
  const from = toUtcDay(daysBefore(now, days - 1));
  const rows = await createHistoryReadRepository({ sql }).listDayBuckets({ scope, bucket: "day", from, to });
  return fillBuckets({ bucket: "day", from, to, rows }).reverse();
}
