/**
 * Board-wide top lists. A bounded period ("this week") is a live query driven by the killmail time index;
 * all time reads `entity_totals`, kept by the cron rollups job (stats.totals.repository.ts).
 */
import type { Sql } from "../db/db.client.ts";
import type { TopKind } from "../vocabulary/entity-kinds.ts";

export type TopMetric = "kills" | "points" | "isk";

const TOTALS_COLUMN: Record<TopMetric, string> = { kills: "kills", points: "points", isk: "isk_destroyed" };

export function createTopRepository({ sql }: { sql: Sql }) {
  const metricExpression = (metric: TopMetric) =>
    metric === "points" ? sql`sum(k.points)::float8` : metric === "isk" ? sql`sum(k.total_value)::float8` : sql`count(*)::float8`;

  async function topSince({ kind, metric, since, limit }: { kind: TopKind; metric: TopMetric; since: Date; limit: number }) {
    if (kind === "system") {
      return sql<{ id: number; score: number }[]>`
        select k.solar_system_id as id, ${metricExpression(metric)} as score from killmails k
        where k.killmail_time >= ${since} group by 1 order by 2 desc, 1 limit ${limit}`;
    }
    return sql<{ id: number; score: number }[]>`
      select i.entity_id as id, ${metricExpression(metric)} as score
      from killmails k
      join killmail_involvement i on i.killmail_id = k.killmail_id and i.killmail_time = k.killmail_time
        and i.entity_kind = ${kind} and not i.is_victim
      where k.killmail_time >= ${since} and i.killmail_time >= ${since}
      group by 1 order by 2 desc, 1 limit ${limit}`;
  }

  return {
    async topEntities({ kind, metric, since, limit = 10 }: { kind: TopKind; metric: TopMetric; since?: Date; limit?: number }) {
      if (since) return topSince({ kind, metric, since, limit });
      const column = TOTALS_COLUMN[metric];
      return sql<{ id: number; score: number }[]>`
        select entity_id as id, ${sql(column)}::float8 as score from entity_totals
        where entity_kind = ${kind} order by ${sql(column)} desc, entity_id limit ${limit}`;
    },
  };
}
