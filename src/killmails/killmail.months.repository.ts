/**
 * Which month's partitions hold a killmail id, guessed without a look-up, so a kill page is one statement instead of
 * two. ESI numbers killmails in the order they happen, so each month's partitions cover their own range of ids; the
 * ranges are read from each partition's primary key (its first and last id) at most once a minute, in the background.
 * A guess is only a guess: the page statement checks it, and a wrong or missing one costs the page its look-up.
 */
import type { Sql } from "../db/db.client.ts";

type Range = { month: string; first: number; last: number };

/** How old the ranges may be before the next guess reads them again; kills of a new month are not in them. */
const MONTH_RANGES_MAX_AGE_MS = 60_000;
/** After a wrong guess they are read again sooner, but never more often than this. */
const MIN_REREAD_MS = 5_000;

export function createKillMonthGuesser({ sql, now = () => Date.now() }: { sql: Sql; now?: () => number }) {
  let ranges: Range[] = [];
  let lastId = -Infinity;
  let readAt = -Infinity;
  let reading: Promise<void> | null = null;

  async function readRanges() {
    const partitions = await sql<{ month: string; name: string }[]>`
      select substring(c.relname from 11) as month, c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'killmails'::regclass and c.relname ~ '^killmails_[0-9]{6}$' order by 1`;
    if (!partitions.length) return [];
    const bounds = partitions.map(({ month, name }) =>
      sql`select ${month}::text as month, min(killmail_id) as first, max(killmail_id) as last from ${sql(name)}`);
    const union = bounds.reduce((all, next) => sql`${all} union all ${next}`);
    const rows = await sql<{ month: string; first: number | null; last: number | null }[]>`${union}`;
    return rows.filter((row): row is Range => row.first !== null && row.last !== null);
  }

  /** Starts a read of the ranges unless one is running or the last began within `minAgeMs`. */
  function reread(minAgeMs: number) {
    if (reading || now() - readAt < minAgeMs) return;
    readAt = now();
    // A failed read keeps the ranges it had: a guess is checked anyway, and pages fall back to the look-up.
    reading = readRanges().then((read) => {
      ranges = read;
      lastId = Math.max(...read.map((range) => range.last));
    }, () => {}).finally(() => (reading = null));
  }

  return {
    /**
     * `YYYYMM` of the one month whose ids span `killmailId`, the newest month for an id past them all (a kill
     * since the last read), or null: ranges not read yet, the id in none of them or in two.
     */
    guess({ killmailId }: { killmailId: number }): string | null {
      reread(MONTH_RANGES_MAX_AGE_MS);
      const holding = ranges.filter((range) => range.first <= killmailId && killmailId <= range.last);
      if (holding.length === 1) return holding[0]!.month;
      const newest = ranges.at(-1);
      return !holding.length && newest && killmailId > lastId ? newest.month : null;
    },
    /** The guess for a kill was wrong: the ranges are read again soon. */
    missed() {
      reread(MIN_REREAD_MS);
    },
    /** Resolves once no read is running (tests). */
    settled: () => reading ?? Promise.resolve(),
  };
}

export type KillMonthGuesser = ReturnType<typeof createKillMonthGuesser>;
