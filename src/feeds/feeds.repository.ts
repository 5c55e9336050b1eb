/** Counts behind zKillboard's `history/totals.json`. Days are UTC days of killmail_time, as zKillboard buckets them. */
import type { Sql } from "../db/db.client.ts";

export function createFeedsRepository({ sql }: { sql: Sql }) {
  return {
    /** Stored killmails per UTC day, oldest first; killmail_ids is the narrowest table that has them all. */
    countPerDay: () => sql<{ day: string; count: number }[]>`
      select to_char(killmail_time at time zone 'utc', 'YYYYMMDD') as day, count(*)::int as count
      from killmail_ids group by 1 order by 1`,
  };
}
