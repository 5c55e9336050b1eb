/**
 * All-time top lists of entity pages, counted incrementally into entity_tops (migration 00017). Each refresh adds
 * the killmails stored since the previous one (with the same look-back margin as entity_totals), skipping those
 * entity_tops_counted says an earlier window already added, so every killmail is counted exactly once. The counts
 * equal the live aggregates of stats.repository.ts without a period; a test holds them equal.
 */
import type { Sql } from "../db/db.client.ts";
import { refreshSinceWatermark, STORE_TRANSACTION_MARGIN_MS } from "./stats.totals.repository.ts";

export const TOP_LISTS = { shipsUsed: 1, shipsLost: 2, opponents: 3, systems: 4 } as const;
export type TopList = keyof typeof TOP_LISTS;

const REFRESH_LOCK_ID = 724_108;
const WATERMARK = "entity_tops";
const LOCATIONS = [["system", "solar_system_id"], ["constellation", "constellation_id"], ["region", "region_id"]] as const;

/** One list's rows for each kind of place, `build` given the kind and the killmails column that names the place. */
function placeRows(build: (kind: string, column: string) => ReturnType<Sql>) {
  return LOCATIONS.map(([kind, column]) => build(kind, column));
}

/** Ship types on the attacker rows that match the entity (a place: every attacker there), as topShips counts them. */
function shipsUsed(t: Sql) {
  const parties = t`
    select i.entity_kind, i.entity_id, ${TOP_LISTS.shipsUsed}::smallint, a.ship_type_id::bigint, count(*)
    from fresh f join killmail_involvement i using (killmail_id, killmail_time)
    join killmail_attackers a using (killmail_id, killmail_time)
    where not i.is_victim and a.ship_type_id is not null and i.entity_id = case i.entity_kind
      when 'character' then a.character_id when 'corporation' then a.corporation_id when 'alliance' then a.alliance_id
      when 'faction' then a.faction_id when 'ship' then a.ship_type_id when 'group' then a.ship_group_id end
    group by 1, 2, 4`;
  const places = placeRows((kind, column) => t`
    select ${kind}::text, k.${t(column)}::bigint, ${TOP_LISTS.shipsUsed}::smallint, a.ship_type_id::bigint, count(*)
    from fresh f join killmails k using (killmail_id, killmail_time) join killmail_attackers a using (killmail_id, killmail_time)
    where a.ship_type_id is not null and k.${t(column)} is not null group by 1, 2, 4`);
  return [parties, ...places];
}

/** A place has no losses (its page counts every kill there as a kill). */
function shipsLost(t: Sql) {
  return [t`
    select i.entity_kind, i.entity_id, ${TOP_LISTS.shipsLost}::smallint, k.victim_ship_type_id::bigint, count(*)
    from fresh f join killmail_involvement i using (killmail_id, killmail_time) join killmails k using (killmail_id, killmail_time)
    where i.is_victim group by 1, 2, 4`];
}

/** Corporations on the other side: of the attackers for a place. */
function opponents(t: Sql) {
  const parties = t`
    select i.entity_kind, i.entity_id, ${TOP_LISTS.opponents}::smallint, o.entity_id, count(*)
    from fresh f join killmail_involvement i using (killmail_id, killmail_time)
    join killmail_involvement o on o.killmail_id = f.killmail_id and o.killmail_time = f.killmail_time
      and o.entity_kind = 'corporation' and o.is_victim <> i.is_victim
    group by 1, 2, 4`;
  const places = placeRows((kind, column) => t`
    select ${kind}::text, k.${t(column)}::bigint, ${TOP_LISTS.opponents}::smallint, o.entity_id, count(*)
    from fresh f join killmails k using (killmail_id, killmail_time)
    join killmail_involvement o on o.killmail_id = f.killmail_id and o.killmail_time = f.killmail_time
      and o.entity_kind = 'corporation' and o.is_victim
    where k.${t(column)} is not null group by 1, 2, 4`);
  return [parties, ...places];
}

function systems(t: Sql) {
  const parties = t`
    select i.entity_kind, i.entity_id, ${TOP_LISTS.systems}::smallint, k.solar_system_id::bigint, count(*)
    from fresh f join killmail_involvement i using (killmail_id, killmail_time) join killmails k using (killmail_id, killmail_time)
    group by 1, 2, 4`;
  const places = placeRows((kind, column) => t`
    select ${kind}::text, k.${t(column)}::bigint, ${TOP_LISTS.systems}::smallint, k.solar_system_id::bigint, count(*)
    from fresh f join killmails k using (killmail_id, killmail_time) where k.${t(column)} is not null group by 1, 2, 4`);
  return [parties, ...places];
}

/** One statement per list and kind of scope; their keys never overlap, so each upsert touches a row once. */
async function addFresh(t: Sql) {
  let rows = 0;
  for (const select of [...shipsUsed(t), ...shipsLost(t), ...opponents(t), ...systems(t)]) {
    const result = await t`
      insert into entity_tops (entity_kind, entity_id, list, key_id, count) ${select}
      on conflict (entity_kind, entity_id, list, key_id) do update set count = entity_tops.count + excluded.count`;
    rows += result.count;
  }
  return rows;
}

/** The window's killmails no earlier window counted; marks those still inside the next window's look-back. */
async function collectFresh(t: Sql, { since }: { since: Date | null }) {
  await t`create temporary table fresh on commit drop as
    select killmail_id, killmail_time, stored_at from killmails ${since ? t`where stored_at > ${since}` : t``}`;
  await t`delete from fresh f using entity_tops_counted c where c.killmail_id = f.killmail_id`;
  const lookBack = t`now() - ${STORE_TRANSACTION_MARGIN_MS / 1000} * interval '1 second'`;
  await t`insert into entity_tops_counted (killmail_id, stored_at)
    select killmail_id, stored_at from fresh where stored_at > ${lookBack} on conflict do nothing`;
  // The next window starts at this run's now() minus the margin: older marks can never be looked at again.
  await t`delete from entity_tops_counted where stored_at <= ${lookBack}`;
  const [row] = await t<{ count: number }[]>`select count(*)::int as count from fresh`;
  return row!.count;
}

export function createTopsRepository({ sql }: { sql: Sql }) {
  return {
    /** Null when another process holds the refresh; else how many killmails it added and whether it was the first fill. */
    refreshEntityTops: () => refreshSinceWatermark({ sql, lockId: REFRESH_LOCK_ID, watermark: WATERMARK, async work(t, since) {
      if (!since) await t`delete from entity_tops`;
      const killmails = await collectFresh(t, { since });
      return { killmails, rows: killmails ? await addFresh(t) : 0, full: !since };
    } }),

    /** The entity's all-time top `limit` of one list, highest count first. */
    top: ({ scope, list, limit }: { scope: { kind: string; id: number }; list: TopList; limit: number }) => sql<{ id: number; count: number }[]>`
      select key_id::int as id, count from entity_tops
      where entity_kind = ${scope.kind} and entity_id = ${scope.id} and list = ${TOP_LISTS[list]}
      order by count desc, key_id limit ${limit}`,
  };
}
