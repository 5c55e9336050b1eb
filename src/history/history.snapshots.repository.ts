/**
 * entity_snapshots (migration 00022). A run writes the day's row of each corporation and alliance whose figures differ
 * from its latest earlier row, so an unchanged entity costs no row (a board sees hundreds of thousands of them); the
 * value on any day is the latest row on or before it. The day's rows are rewritten by every run of that day.
 */
import type { Sql } from "../db/db.client.ts";

export type SnapshotKind = "corporation" | "alliance";
export type Snapshot = {
  day: string; memberCount: number | null; corporationCount: number | null; kills: number; losses: number; iskDestroyed: number; iskLost: number;
};

export function createSnapshotsRepository({ sql }: { sql: Sql }) {
  return {
    /** Totals come from entity_totals as they stand. */
    upsertSnapshots: ({ day }: { day: string }) => sql.begin(async (tx) => {
      const t = tx as unknown as Sql;
      await t`delete from entity_snapshots where day = ${day}::date`;
      const result = await t`
        insert into entity_snapshots (entity_kind, entity_id, day, member_count, corporation_count, kills, losses, isk_destroyed, isk_lost)
        select * from (${currentFigures(t, day)}) c
        where not exists (
          select 1 from (select * from entity_snapshots s where s.entity_kind = c.entity_kind and s.entity_id = c.entity_id and s.day < ${day}::date
            order by s.day desc limit 1) p
          where (p.member_count, p.corporation_count, p.kills, p.losses, p.isk_destroyed, p.isk_lost)
            is not distinct from (c.member_count, c.corporation_count, c.kills, c.losses, c.isk_destroyed, c.isk_lost))`;
      return result.count;
    }),

    /** The entity's snapshots from `from` (YYYY-MM-DD) and the latest before it (the value `from` started with), oldest first. */
    listSnapshots: ({ kind, id, from }: { kind: SnapshotKind; id: number; from: string }) => sql<Snapshot[]>`
      select to_char(day, 'YYYY-MM-DD') as day, member_count, corporation_count, kills, losses, isk_destroyed, isk_lost
      from entity_snapshots where entity_kind = ${kind} and entity_id = ${id}
        and day >= coalesce((select max(day) from entity_snapshots where entity_kind = ${kind} and entity_id = ${id} and day <= ${from}::date), ${from}::date)
      order by day`,
  };
}

/** Every known corporation and alliance as it stands now; an alliance's members are its corporations' (ESI gives none). */
function currentFigures(t: Sql, day: string) {
  return t`
    select e.entity_kind, e.entity_id, ${day}::date as day,
      case when e.entity_kind = 'corporation' then e.member_count else a.members end as member_count,
      case when e.entity_kind = 'alliance' then coalesce(a.corporations, 0) end as corporation_count,
      coalesce(totals.kills, 0) as kills, coalesce(totals.losses, 0) as losses,
      coalesce(totals.isk_destroyed, 0) as isk_destroyed, coalesce(totals.isk_lost, 0) as isk_lost
    from entities e
    left join entity_totals totals on totals.entity_kind = e.entity_kind and totals.entity_id = e.entity_id
    left join (
      select alliance_id, sum(member_count)::int as members, count(*)::int as corporations from entities
      where entity_kind = 'corporation' and alliance_id is not null group by 1
    ) a on e.entity_kind = 'alliance' and a.alliance_id = e.entity_id
    where e.entity_kind in ('corporation', 'alliance')`;
}
