/**
 * The activity heatmaps of the scopes whose top lists are kept, by UTC month (entity_activity, migration 00027).
 * The entity_tops refresh adds to them in its own transaction, from the killmails it counts into the lists (the
 * fresh ones for every place and the parties kept before it, all of a promoted party's), so a kill reaches a
 * heatmap exactly when it reaches the lists: once. Only kills inside the heatmap's window are counted, and the
 * months that leave the window are deleted.
 */
import type { PendingQuery, Row } from "postgres";
import type { Sql } from "../db/db.client.ts";
import { ACTIVITY_MONTHS_BACK, type ActivityCell } from "./stats.models.ts";

type Fragment = PendingQuery<Row[]>;

const CELLS = 168;
const utc = (t: Sql, alias: string) => t`${t(alias)}.killmail_time at time zone 'UTC'`;
const monthOf = (t: Sql, alias: string) => t`date_trunc('month', ${utc(t, alias)})::date`;
/** Weekday (0 = Sunday) × 24 + hour, the cell's index from 0 in `cells`. */
const cellOf = (t: Sql, alias: string) => t`(extract(dow from ${utc(t, alias)}) * 24 + extract(hour from ${utc(t, alias)}))::int`;
const firstMonth = (t: Sql) => t`(date_trunc('month', now() at time zone 'UTC') - ${ACTIVITY_MONTHS_BACK} * interval '1 month')::date`;
const windowStart = (t: Sql) => t`(${firstMonth(t)}::timestamp at time zone 'UTC')`;

/**
 * Kills by scope, month and cell into the temporary table `name`: a party's kills from `partyRows` (involvement
 * rows `i`, of the parties counted), a place's from `placeKillmails` (a table of killmail_id and killmail_time).
 * A place's page counts every killmail there as a kill, a party's its attacker side alone.
 */
async function countCells(t: Sql, { name, partyRows, placeKillmails }: { name: string; partyRows: Fragment; placeKillmails?: string }) {
  const places = placeKillmails ? t`
    union all
    select v.kind, v.id, ${monthOf(t, "k")}, ${cellOf(t, "k")}, count(*)::int
    from ${t(placeKillmails)} f join killmails k using (killmail_id, killmail_time)
    cross join lateral (values ('system'::text, k.solar_system_id::bigint), ('constellation', k.constellation_id::bigint),
      ('region', k.region_id::bigint)) v(kind, id)
    where v.id is not null and k.killmail_time >= ${windowStart(t)} group by 1, 2, 3, 4` : t``;
  await t`create temporary table ${t(name)} on commit drop as
    select i.entity_kind, i.entity_id, ${monthOf(t, "i")} as month, ${cellOf(t, "i")} as cell, count(*)::int as kills
    from ${partyRows} where not i.is_victim and i.killmail_time >= ${windowStart(t)} group by 1, 2, 3, 4
    ${places}`;
  await t`analyze ${t(name)}`;
}

/** The counted cells, as one array per scope and month, added to what entity_activity holds. */
async function addCells(t: Sql, name: string) {
  const result = await t`
    insert into entity_activity (entity_kind, entity_id, month, cells)
    select s.entity_kind, s.entity_id, s.month, array_agg(coalesce(c.kills, 0) order by g.cell)
    from (select distinct entity_kind, entity_id, month from ${t(name)}) s
    cross join generate_series(0, ${CELLS - 1}) g(cell)
    left join ${t(name)} c on c.entity_kind = s.entity_kind and c.entity_id = s.entity_id and c.month = s.month and c.cell = g.cell
    group by 1, 2, 3
    on conflict (entity_kind, entity_id, month) do update set cells = (
      select array_agg(u.stored + u.added order by u.n) from unnest(entity_activity.cells, excluded.cells) with ordinality u(stored, added, n))`;
  return result.count;
}

/** Adds these kills to the heatmaps; returns the scope-months written. */
export async function addActivity(t: Sql, counted: { name: string; partyRows: Fragment; placeKillmails?: string }) {
  await countCells(t, counted);
  return addCells(t, counted.name);
}

/** Months before the window are read by nothing. */
export const pruneActivity = (t: Sql) => t`delete from entity_activity where month < ${firstMonth(t)}`;

export function createActivityRepository({ sql }: { sql: Sql }) {
  return {
    /** A kept scope's kills by UTC weekday and hour from the month `since` falls in (whole months), the cells with kills. */
    heatmap: ({ scope, since }: { scope: { kind: string; id: number }; since: Date }) => sql<ActivityCell[]>`
      select ((c.n - 1) / 24)::int as dow, ((c.n - 1) % 24)::int as hour, sum(c.kills)::int as kills
      from entity_activity a cross join lateral unnest(a.cells) with ordinality c(kills, n)
      where a.entity_kind = ${scope.kind} and a.entity_id = ${scope.id}
        and a.month >= date_trunc('month', ${since}::timestamptz at time zone 'UTC')::date
      group by c.n having sum(c.kills) > 0`,
  };
}
