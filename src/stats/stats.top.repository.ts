/** Board-wide top lists ("most active this week", "top ISK kills"). Bounded by `since` so they stay cheap. */
import type { Sql } from "../db/db.client.ts";

export type TopMetric = "kills" | "points" | "isk";
export type TopKind = "character" | "corporation" | "alliance" | "ship" | "system";

export function createTopRepository({ sql }: { sql: Sql }) {
  const metricExpression = (metric: TopMetric) =>
    metric === "points" ? sql`sum(k.points)::float8` : metric === "isk" ? sql`sum(k.total_value)::float8` : sql`count(*)::float8`;

  return {
    async topEntities({ kind, metric, since, limit = 10 }: { kind: TopKind; metric: TopMetric; since?: Date; limit?: number }) {
      const bound = since ? sql`and k.killmail_time >= ${since}` : sql``;
      if (kind === "system") {
        return sql<{ id: number; score: number }[]>`
          select k.solar_system_id as id, ${metricExpression(metric)} as score from killmails k
          where true ${bound} group by 1 order by 2 desc, 1 limit ${limit}`;
      }
      const involvedBound = since ? sql`and i.killmail_time >= ${since}` : sql``;
      const needsJoin = metric !== "kills";
      return sql<{ id: number; score: number }[]>`
        select i.entity_id as id, ${needsJoin ? metricExpression(metric) : sql`count(*)::float8`} as score
        from killmail_involvement i
        ${needsJoin ? sql`join killmails k on k.killmail_id = i.killmail_id and k.killmail_time = i.killmail_time ${bound}` : sql``}
        where i.entity_kind = ${kind} and not i.is_victim ${involvedBound}
        group by 1 order by 2 desc, 1 limit ${limit}`;
    },
  };
}
