/** What the front page and the top lists read about BOARD_ENTITIES: their all-time totals, and their members' ranks. */
import type { Sql } from "../db/db.client.ts";
import type { BoardEntity, BoardKind } from "./board.models.ts";

export type BoardTotals = { entityKind: BoardKind; entityId: number; kills: number; losses: number; iskDestroyed: number; iskLost: number };
export type BoardMetric = "kills" | "points" | "isk";

const idsOf = (entities: readonly BoardEntity[], kind: BoardKind) => entities.filter((entity) => entity.kind === kind).map((entity) => entity.id);

export function createBoardRepository({ sql }: { sql: Sql }) {
  const ATTACKER_COLUMN: Record<BoardKind, ReturnType<typeof sql>> = {
    character: sql`a.character_id`, corporation: sql`a.corporation_id`, alliance: sql`a.alliance_id`,
  };
  const scoreOf = (metric: BoardMetric) =>
    metric === "points" ? sql`sum(k.points)::float8` : metric === "isk" ? sql`sum(k.total_value)::float8` : sql`count(*)::float8`;

  return {
    /** entity_totals of the entities (kept by the cron rollups); one without a row has no kill stored yet. */
    async listTotals({ entities }: { entities: readonly BoardEntity[] }) {
      return sql<BoardTotals[]>`
        select t.entity_kind, t.entity_id, t.kills::int, t.losses::int, t.isk_destroyed, t.isk_lost
        from entity_totals t
        join unnest(${entities.map((e) => e.kind)}::text[], ${entities.map((e) => e.id)}::bigint[]) as b(kind, id)
          on t.entity_kind = b.kind and t.entity_id = b.id`;
    },

    /**
     * Characters, corporations or alliances ranked by the kills they made as members of the board: attackers who
     * flew for one of its entities at the time of the kill. An enemy on the same killmails is not a member.
     */
    async topMembers({ kind, metric, entities, since, limit }: { kind: BoardKind; metric: BoardMetric; entities: readonly BoardEntity[]; since?: Date; limit: number }) {
      const column = ATTACKER_COLUMN[kind];
      return sql<{ id: number; score: number }[]>`
        select m.id, ${scoreOf(metric)} as score
        from (
          select distinct a.killmail_id, a.killmail_time, ${column} as id
          from killmail_attackers a
          where ${column} is not null ${since ? sql`and a.killmail_time >= ${since}` : sql``}
            and (a.character_id = any(${idsOf(entities, "character")}::bigint[])
              or a.corporation_id = any(${idsOf(entities, "corporation")}::bigint[])
              or a.alliance_id = any(${idsOf(entities, "alliance")}::bigint[]))
        ) m
        join killmails k on k.killmail_id = m.killmail_id and k.killmail_time = m.killmail_time
        group by 1 order by 2 desc, 1 limit ${limit}`;
    },
  };
}
