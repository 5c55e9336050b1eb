/**
 * entity_snapshots (migration 00022): one upsert per day writes every known corporation and alliance as it stands
 * now, so running the job again the same day replaces that day's rows and never adds a second one.
 */
import type { Sql } from "../db/db.client.ts";

export type SnapshotKind = "corporation" | "alliance";
export type Snapshot = {
  day: string; memberCount: number | null; corporationCount: number | null; kills: number; losses: number; iskDestroyed: number; iskLost: number;
};

export function createSnapshotsRepository({ sql }: { sql: Sql }) {
  return {
    /** An alliance's members are its corporations' (ESI gives no alliance member count); totals come from entity_totals. */
    async upsertSnapshots({ day }: { day: string }) {
      const result = await sql`
        insert into entity_snapshots (entity_kind, entity_id, day, member_count, corporation_count, kills, losses, isk_destroyed, isk_lost)
        select e.entity_kind, e.entity_id, ${day}::date,
          case when e.entity_kind = 'corporation' then e.member_count else a.members end,
          case when e.entity_kind = 'alliance' then coalesce(a.corporations, 0) end,
          coalesce(t.kills, 0), coalesce(t.losses, 0), coalesce(t.isk_destroyed, 0), coalesce(t.isk_lost, 0)
        from entities e
        left join entity_totals t on t.entity_kind = e.entity_kind and t.entity_id = e.entity_id
        left join (
          select alliance_id, sum(member_count)::int as members, count(*)::int as corporations from entities
          where entity_kind = 'corporation' and alliance_id is not null group by 1
        ) a on e.entity_kind = 'alliance' and a.alliance_id = e.entity_id
        where e.entity_kind in ('corporation', 'alliance')
        on conflict (entity_kind, entity_id, day) do update set
          member_count = excluded.member_count, corporation_count = excluded.corporation_count, kills = excluded.kills,
          losses = excluded.losses, isk_destroyed = excluded.isk_destroyed, isk_lost = excluded.isk_lost`;
      return result.count;
    },

    /** The entity's snapshots from `from` (YYYY-MM-DD), oldest first. */
    listSnapshots: ({ kind, id, from }: { kind: SnapshotKind; id: number; from: string }) => sql<Snapshot[]>`
      select to_char(day, 'YYYY-MM-DD') as day, member_count, corporation_count, kills, losses, isk_destroyed, isk_lost
      from entity_snapshots where entity_kind = ${kind} and entity_id = ${id} and day >= ${from}::date order by day`,
  };
}
