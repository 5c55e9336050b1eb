/** Reads of entity_daily and entity_monthly for one entity: days and weeks from the days, months from their rows. */
import type { Sql } from "../db/db.client.ts";
import type { Scope } from "../stats/stats.repository.ts";
import type { BucketRow } from "./history.models.ts";

const figures = (t: Sql, alias: string) => t`
  sum(${t(alias)}.kills)::int as kills, sum(${t(alias)}.losses)::int as losses,
  sum(${t(alias)}.isk_destroyed)::float8 as isk_destroyed, sum(${t(alias)}.isk_lost)::float8 as isk_lost,
  sum(${t(alias)}.points)::float8 as points, sum(${t(alias)}.points_lost)::float8 as points_lost,
  sum(${t(alias)}.solo_kills)::int as solo_kills, sum(${t(alias)}.solo_losses)::int as solo_losses`;

export function createHistoryReadRepository({ sql }: { sql: Sql }) {
  return {
    /** Days (or Monday-started weeks) with activity in [from, to], both `YYYY-MM-DD` and included, oldest first. */
    listDayBuckets: ({ scope, bucket, from, to }: { scope: Scope; bucket: "day" | "week"; from: string; to: string }) => {
      const start = bucket === "day" ? sql`d.day` : sql`date_trunc('week', d.day::timestamp)::date`;
      return sql<BucketRow[]>`
        select to_char(${start}, 'YYYY-MM-DD') as start, ${figures(sql, "d")} from entity_daily d
        where d.entity_kind = ${scope.kind} and d.entity_id = ${scope.id} and d.day between ${from}::date and ${to}::date
        group by ${start} order by 1`;
    },

    /** Months with activity, oldest first; all time unless bounded. */
    listMonthBuckets: ({ scope, from, to }: { scope: Scope; from?: string; to?: string }) => sql<BucketRow[]>`
      select to_char(m.month, 'YYYY-MM-DD') as start, ${figures(sql, "m")} from entity_monthly m
      where m.entity_kind = ${scope.kind} and m.entity_id = ${scope.id}
        ${from ? sql`and m.month >= ${from}::date` : sql``} ${to ? sql`and m.month <= ${to}::date` : sql``}
      group by m.month order by 1`,
  };
}
