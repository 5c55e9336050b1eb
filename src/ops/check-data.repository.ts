/** Read-only counts for `debug check-data`. Days are UTC days of killmail_time (as zKillboard buckets them). */
import type { Sql } from "../db/db.client.ts";

export function createCheckDataRepository({ sql }: { sql: Sql }) {
  return {
    async countStoredPerDay() {
      return sql<{ day: string; stored: number }[]>`
        select to_char(killmail_time at time zone 'utc', 'YYYY-MM-DD') as day, count(*)::int as stored
        from killmail_ids group by 1 order by 1
      `;
    },
    async countPerSource() {
      return sql<{ source: string; stored: number }[]>`select source, count(*)::int as stored from killmails group by 1 order by 1`;
    },
    async countOutcomes() {
      return sql<{ source: string; outcome: string; count: number; lastReason: string | null }[]>`
        select source, outcome, sum(count)::int as count, max(last_reason) as last_reason
        from ingest_outcomes group by 1, 2 order by 1, 2
      `;
    },
  };
}
