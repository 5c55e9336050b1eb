/**
 * Time buckets of entity statistics, pure: UTC days as `YYYY-MM-DD`, ISO weeks starting Monday, calendar months.
 * A week or month bucket is always whole: a range is widened to the bucket edges, so no bucket is a partial sum.
 */
import { DAY_MS, toUtcDay } from "../app/time.ts";

export const BUCKETS = ["day", "week", "month"] as const;
export type Bucket = (typeof BUCKETS)[number];

/** The most buckets one request may ask for: a year and a month of days, five years of weeks, all of EVE in months. */
export const MAX_BUCKETS: Record<Bucket, number> = { day: 400, week: 260, month: 1200 };
/** What a request without `from` gets, counted back from `to`. */
export const DEFAULT_BUCKETS: Record<Bucket, number> = { day: 30, week: 12, month: 12 };

export type BucketFigures = {
  kills: number; losses: number; iskDestroyed: number; iskLost: number; points: number; pointsLost: number; soloKills: number; soloLosses: number;
};
export type BucketRow = BucketFigures & { start: string };

const ZERO: BucketFigures = { kills: 0, losses: 0, iskDestroyed: 0, iskLost: 0, points: 0, pointsLost: 0, soloKills: 0, soloLosses: 0 };

const parse = (day: string) => new Date(`${day}T00:00:00Z`);
const addDays = (day: string, days: number) => toUtcDay(new Date(parse(day).getTime() + days * DAY_MS));
const addMonths = (day: string, months: number) => {
  const date = parse(day);
  return toUtcDay(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1)));
};

/** The first day of the bucket `day` falls in. */
export function bucketStart({ bucket, day }: { bucket: Bucket; day: string }) {
  if (bucket === "day") return day;
  if (bucket === "month") return `${day.slice(0, 7)}-01`;
  return addDays(day, -((parse(day).getUTCDay() + 6) % 7));
}

/** The first day of the next bucket. */
export const nextBucket = ({ bucket, start }: { bucket: Bucket; start: string }) =>
  (bucket === "day" ? addDays(start, 1) : bucket === "week" ? addDays(start, 7) : addMonths(start, 1));

const previousBucket = ({ bucket, start }: { bucket: Bucket; start: string }) =>
  (bucket === "day" ? addDays(start, -1) : bucket === "week" ? addDays(start, -7) : addMonths(start, -1));

/** Every bucket start from the one `from` falls in to the one `to` falls in. */
export function listBucketStarts({ bucket, from, to }: { bucket: Bucket; from: string; to: string }) {
  const starts: string[] = [];
  for (let start = bucketStart({ bucket, day: from }); start <= to; start = nextBucket({ bucket, start })) starts.push(start);
  return starts;
}

/**
 * The whole-bucket range a request covers: `to` defaults to today, `from` to DEFAULT_BUCKETS before `to`.
 * `problem` names the parameter to refuse when the range is backwards or longer than MAX_BUCKETS.
 */
export function resolveBucketRange({ bucket, from, to, today }: { bucket: Bucket; from?: string; to?: string; today: string }) {
  const last = to ?? today;
  const lastStart = bucketStart({ bucket, day: last });
  let first = from ? bucketStart({ bucket, day: from }) : lastStart;
  if (!from) for (let i = 1; i < DEFAULT_BUCKETS[bucket]; i++) first = previousBucket({ bucket, start: first });
  if (first > lastStart) return { problem: { parameter: "from", text: "must not be after to" } } as const;
  const count = listBucketStarts({ bucket, from: first, to: lastStart }).length;
  if (count > MAX_BUCKETS[bucket]) return { problem: { parameter: "from", text: `spans ${count} ${bucket}s, at most ${MAX_BUCKETS[bucket]} per request` } } as const;
  const end = addDays(nextBucket({ bucket, start: lastStart }), -1);
  return { range: { from: first, to: end } } as const;
}

/** One row per bucket of the range, zeros where nothing happened; `rows` are already bucketed. */
export function fillBuckets({ bucket, from, to, rows }: { bucket: Bucket; from: string; to: string; rows: BucketRow[] }): BucketRow[] {
  const byStart = new Map(rows.map((row) => [row.start, row]));
  return listBucketStarts({ bucket, from, to }).map((start) => byStart.get(start) ?? { start, ...ZERO });
}

/** zKillboard's efficiency: the share of ISK destroyed in ISK destroyed + lost, a whole percentage (null without any). */
export function computeEfficiency({ iskDestroyed, iskLost }: { iskDestroyed: number; iskLost: number }) {
  const total = iskDestroyed + iskLost;
  return total > 0 ? Math.round((100 * iskDestroyed) / total) : null;
}
