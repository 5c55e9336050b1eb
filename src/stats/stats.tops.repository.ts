/**
 * All-time top lists of entity pages, counted incrementally into entity_tops (migration 00017). Each refresh adds
 * the killmails stored since the previous one (with the same look-back margin as entity_totals), skipping those
 * entity_tops_counted says an earlier window already added, so every killmail is counted exactly once. The counts
 * equal the live aggregates of stats.repository.ts without a period; a test holds them equal.
 *
 * Lists are kept for every place, and for a party (pilot, corporation, ship...) once it has `keptFrom` kills and
 * losses (entity_tops_kept, migration 00025): most parties have far fewer, and their lists, one row per opponent
 * and ship, were most of the table while costing little to aggregate live. A party that reaches the threshold is
 * promoted by a refresh: its lists are counted whole, from every killmail it is on, in the refresh's snapshot, and
 * from then on grow with the fresh killmails like the others.
 *
 * The same counts by UTC day, for the last DAILY_TOPS_DAYS days only, go to entity_tops_daily (migration 00026):
 * a busy ship's, system's or alliance's week is tens of thousands of kills, too many to aggregate on a visit. The
 * same scopes' activity heatmaps are counted with the lists (stats.activity.repository.ts). The first rows of each
 * all-time list are kept ranked in entity_tops_head (migration 00030), which is what a page reads.
 */
import type { PendingQuery, Row } from "postgres";
import type { Sql } from "../db/db.client.ts";
import { addActivity, pruneActivity } from "./stats.activity.repository.ts";
import { TOP_LISTS } from "./stats.models.ts";
import { readTopLists } from "./stats.repository.ts";
import { createTouchedTops, refreshHeads, TOPS_HEAD_SIZE } from "./stats.tops.head.repository.ts";
import { refreshSinceWatermark, STORE_TRANSACTION_MARGIN_MS } from "./stats.totals.repository.ts";

const REFRESH_LOCK_ID = 724_108;
const WATERMARK = "entity_tops";
const LOCATIONS = [["system", "solar_system_id"], ["constellation", "constellation_id"], ["region", "region_id"]] as const;
const PLACE_KINDS = new Set<string>(LOCATIONS.map(([kind]) => kind));

/** One list's rows for each kind of place, `build` given the kind and the killmails column that names the place. */
function placeRows(build: (kind: string, column: string) => Select) {
  return LOCATIONS.map(([kind, column]) => build(kind, column));
}

/**
 * The killmails counted (`killmails`, with killmail_id and killmail_time), the parties whose lists get them, and
 * where their opponents' involvement rows are read (killmail_involvement, or a copy of the rows needed).
 */
type Source = { killmails: string; parties: string; involvement: string; partyRows?: string; byDay: boolean };
/** One list's statements: for the source's parties, and for each kind of place (from the fresh killmails). */
type Select = PendingQuery<Row[]>;
type ListSelects = { parties: Select; places: Select[] };

/** Involvement rows `i` of the source's killmails, of the parties it counts for (given as a table, or joined here). */
const partyRows = (t: Sql, source: Source) => (source.partyRows ? t`${t(source.partyRows)} i`
  : t`${t(source.killmails)} f join killmail_involvement i using (killmail_id, killmail_time)
    join ${t(source.parties)} kept on kept.entity_kind = i.entity_kind and kept.entity_id = i.entity_id`);

/** The day column of a by-day statement: the UTC day of `alias`'s killmail_time. */
const dayOf = (t: Sql, source: Source, alias: string) => (source.byDay ? t`, (${t(alias)}.killmail_time at time zone 'UTC')::date` : t``);
const groupBy = (t: Sql, source: Source) => (source.byDay ? t`group by 1, 2, 4, 5` : t`group by 1, 2, 4`);

/** Days kept in entity_tops_daily: the week's lists read whole days, the first of them 7 days back, plus today. */
export const DAILY_TOPS_DAYS = 8;
const dailyCutoff = (t: Sql) => t`((now() at time zone 'UTC')::date - ${DAILY_TOPS_DAYS - 1}::int)::timestamp at time zone 'UTC'`;

/**
 * Ship types on the attacker rows that match the entity (a place: every attacker there), as topShips counts them.
 * Each attacker row names its party of every kind, so it is unpivoted rather than joined to the kill's involvement
 * (that join is attackers × parties per kill: a million pairs for a thousand-pilot fight).
 */
function shipsUsed(t: Sql, source: Source): ListSelects {
  const parties = t`
    select v.kind, v.id, ${TOP_LISTS.shipsUsed}::smallint, a.ship_type_id::bigint${dayOf(t, source, "f")}, count(*)
    from ${t(source.killmails)} f join killmail_attackers a using (killmail_id, killmail_time)
    cross join lateral (values ('character'::text, a.character_id), ('corporation', a.corporation_id), ('alliance', a.alliance_id),
      ('faction', a.faction_id), ('ship', a.ship_type_id::bigint), ('group', a.ship_group_id::bigint)) v(kind, id)
    join ${t(source.parties)} kept on kept.entity_kind = v.kind and kept.entity_id = v.id
    where a.ship_type_id is not null and v.id > 0
    ${groupBy(t, source)}`;
  const places = placeRows((kind, column) => t`
    select ${kind}::text, k.${t(column)}::bigint, ${TOP_LISTS.shipsUsed}::smallint, a.ship_type_id::bigint${dayOf(t, source, "f")}, count(*)
    from ${t(source.killmails)} f join killmails k using (killmail_id, killmail_time) join killmail_attackers a using (killmail_id, killmail_time)
    where a.ship_type_id is not null and k.${t(column)} is not null ${groupBy(t, source)}`);
  return { parties, places };
}

/** A place has no losses (its page counts every kill there as a kill). */
function shipsLost(t: Sql, source: Source): ListSelects {
  return { parties: t`
    select i.entity_kind, i.entity_id, ${TOP_LISTS.shipsLost}::smallint, k.victim_ship_type_id::bigint${dayOf(t, source, "i")}, count(*)
    from ${partyRows(t, source)} join killmails k using (killmail_id, killmail_time)
    where i.is_victim ${groupBy(t, source)}`, places: [] };
}

/** Corporations on the other side (an equality, so an index on the kill finds that side alone): of the attackers for a place. */
function opponents(t: Sql, source: Source): ListSelects {
  const parties = t`
    select i.entity_kind, i.entity_id, ${TOP_LISTS.opponents}::smallint, o.entity_id${dayOf(t, source, "i")}, count(*)
    from ${partyRows(t, source)}
    join ${t(source.involvement)} o on o.killmail_id = i.killmail_id and o.killmail_time = i.killmail_time
      and o.entity_kind = 'corporation' and o.is_victim = not i.is_victim
    ${groupBy(t, source)}`;
  const places = placeRows((kind, column) => t`
    select ${kind}::text, k.${t(column)}::bigint, ${TOP_LISTS.opponents}::smallint, o.entity_id${dayOf(t, source, "f")}, count(*)
    from ${t(source.killmails)} f join killmails k using (killmail_id, killmail_time)
    join killmail_involvement o on o.killmail_id = f.killmail_id and o.killmail_time = f.killmail_time
      and o.entity_kind = 'corporation' and o.is_victim
    where k.${t(column)} is not null ${groupBy(t, source)}`);
  return { parties, places };
}

function systems(t: Sql, source: Source): ListSelects {
  const parties = t`
    select i.entity_kind, i.entity_id, ${TOP_LISTS.systems}::smallint, k.solar_system_id::bigint${dayOf(t, source, "i")}, count(*)
    from ${partyRows(t, source)} join killmails k using (killmail_id, killmail_time)
    ${groupBy(t, source)}`;
  const places = placeRows((kind, column) => t`
    select ${kind}::text, k.${t(column)}::bigint, ${TOP_LISTS.systems}::smallint, k.solar_system_id::bigint${dayOf(t, source, "f")}, count(*)
    from ${t(source.killmails)} f join killmails k using (killmail_id, killmail_time) where k.${t(column)} is not null ${groupBy(t, source)}`);
  return { parties, places };
}

const LISTS = [shipsUsed, shipsLost, opponents, systems];

/**
 * One statement per list and kind of scope; their keys never overlap, so each upsert touches a row once. By day,
 * into entity_tops_daily (the week's lists), else into the all-time entity_tops.
 */
async function addCounts(t: Sql, selects: Select[], { byDay }: { byDay: boolean }) {
  let rows = 0;
  for (const select of selects) {
    const result = byDay
      ? await t`
        insert into entity_tops_daily (entity_kind, entity_id, list, key_id, day, count) ${select}
        on conflict (entity_kind, entity_id, list, day, key_id) do update set count = entity_tops_daily.count + excluded.count`
      : await t`
        with added as (
          insert into entity_tops (entity_kind, entity_id, list, key_id, count) ${select}
          on conflict (entity_kind, entity_id, list, key_id) do update set count = entity_tops.count + excluded.count
          returning entity_kind, entity_id, list, key_id, count)
        insert into touched_tops select * from added`;
    rows += result.count;
  }
  return rows;
}

/** The fresh killmails, counted for every place and for the parties kept before this refresh; the recent ones by day too. */
async function addFresh(t: Sql) {
  await t`create temporary table fresh_recent on commit drop as select * from fresh where killmail_time >= ${dailyCutoff(t)}`;
  let rows = 0;
  for (const [killmails, byDay] of [["fresh", false], ["fresh_recent", true]] as const) {
    rows += await addCounts(t, LISTS.flatMap((list) => {
      const { parties, places } = list(t, { killmails, parties: "entity_tops_kept", involvement: "killmail_involvement", byDay });
      return [parties, ...places];
    }), { byDay });
  }
  const fresh = { killmails: "fresh", parties: "entity_tops_kept", involvement: "killmail_involvement", byDay: false };
  return rows + await addActivity(t, { name: "fresh_activity", partyRows: partyRows(t, fresh), placeKillmails: "fresh" });
}

/**
 * Parties that reached `keptFrom` kills and losses (entity_totals) get their lists counted whole, from every
 * killmail they are on as this transaction sees them; the fresh killmails counted next time are those it did not see.
 */
async function promote(t: Sql, { keptFrom }: { keptFrom: KeptFrom }) {
  await t`create temporary table promoted on commit drop as
    select entity_kind, entity_id from entity_totals s
    where kills + losses >= case entity_kind when 'character' then ${keptFrom.character}::int else ${keptFrom.other}::int end
      and entity_kind not in ('system', 'constellation', 'region')
      and not exists (select 1 from entity_tops_kept k where k.entity_kind = s.entity_kind and k.entity_id = s.entity_id)`;
  const [row] = await t<{ count: number }[]>`select count(*)::int as count from promoted`;
  if (!row!.count) return 0;
  // Their rows, their kills and those kills' corporations, copied out with statistics: joined to the promoted
  // parties on the fly, the planner misjudged how many rows match (a first fill promotes every busy party at once)
  // and probed an index per row, minutes where hashing these copies takes seconds.
  await t`create temporary table promoted_rows on commit drop as
    select i.* from promoted p join killmail_involvement i on i.entity_kind = p.entity_kind and i.entity_id = p.entity_id`;
  await t`create temporary table promoted_kills on commit drop as select distinct killmail_id, killmail_time from promoted_rows`;
  await t`create temporary table promoted_opponents on commit drop as
    select o.* from promoted_kills f join killmail_involvement o using (killmail_id, killmail_time) where o.entity_kind = 'corporation'`;
  await t`create temporary table promoted_recent_rows on commit drop as select * from promoted_rows where killmail_time >= ${dailyCutoff(t)}`;
  await t`create temporary table promoted_recent_kills on commit drop as select * from promoted_kills where killmail_time >= ${dailyCutoff(t)}`;
  const tables = ["promoted", "promoted_rows", "promoted_kills", "promoted_opponents", "promoted_recent_rows", "promoted_recent_kills"];
  for (const table of tables) await t`analyze ${t(table)}`;
  for (const byDay of [false, true]) {
    const recent = byDay ? "promoted_recent" : "promoted";
    await addCounts(t, LISTS.map((list) => list(t, { killmails: `${recent}_kills`, parties: "promoted", involvement: "promoted_opponents",
      partyRows: `${recent}_rows`, byDay }).parties), { byDay });
  }
  await addActivity(t, { name: "promoted_activity", partyRows: t`promoted_rows i` });
  await t`insert into entity_tops_kept (entity_kind, entity_id) select entity_kind, entity_id from promoted`;
  return row!.count;
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

/**
 * Kills and losses from which a party's lists are kept rather than aggregated on each visit. A pilot's lists are
 * short (a few ships, the corporations it met), and aggregating them live reads every attacker row of each of its
 * kills: 75 ms for 650 kills at 1,000,000 killmails of bench:scale, so pilots are kept from 100. A corporation's
 * or a ship's lists run to thousands of opponents: kept from 100, entity_tops held 4.4 GB at 1M killmails (2.0 GB
 * from 1,000), while below 1,000 their live lists cost tens of milliseconds.
 */
export const TOPS_KEPT_FROM = { character: 100, other: 1000 };
export type KeptFrom = typeof TOPS_KEPT_FROM;
/** What a refresh writes; a full fill starts them empty. */
const FILLED_TABLES = ["entity_tops", "entity_tops_head", "entity_tops_daily", "entity_tops_kept", "entity_tops_counted", "entity_activity"];

export function createTopsRepository({ sql, keptFrom = TOPS_KEPT_FROM }: { sql: Sql; keptFrom?: KeptFrom }) {
  return {
    /**
     * Null when another process holds the refresh; else how many killmails it added, the rows it wrote, the parties
     * it promoted and whether it was the first fill.
     */
    refreshEntityTops: () => refreshSinceWatermark({ sql, lockId: REFRESH_LOCK_ID, watermark: WATERMARK, async work(t, since) {
      // A full fill counts every killmail, so the marks of an earlier fill's windows go too. Deleted, not truncated:
      // TRUNCATE's lock made every entity page wait for the whole fill (35 min at 3M killmails); deleted rows stay
      // visible to them until it commits.
      if (!since) for (const table of FILLED_TABLES) await t`delete from ${t(table)}`;
      await createTouchedTops(t);
      const killmails = await collectFresh(t, { since });
      const rows = killmails ? await addFresh(t) : 0;
      const promoted = await promote(t, { keptFrom });
      await refreshHeads(t);
      await t`delete from entity_tops_daily where day < (${dailyCutoff(t)} at time zone 'UTC')::date`;
      await pruneActivity(t);
      return { killmails, rows, promoted, full: !since };
    } }),

    /** Whether the scope's lists are kept (a place always is); else they are to be aggregated live. */
    async isKept({ scope }: { scope: { kind: string; id: number } }) {
      if (PLACE_KINDS.has(scope.kind)) return true;
      const [row] = await sql`select 1 from entity_tops_kept where entity_kind = ${scope.kind} and entity_id = ${scope.id}`;
      return Boolean(row);
    },

    /**
     * A kept scope's four lists twice, in one statement (a page's eight reads were eight round trips): over the
     * whole UTC days from `since`'s on (entity_tops_daily keeps the last DAILY_TOPS_DAYS) and all time (the head,
     * so at most TOPS_HEAD_SIZE rows a list); the first `limit` of each, highest count first, the opponents named.
     */
    async keptLists({ scope, since, limit }: { scope: { kind: string; id: number }; since: Date; limit: number }) {
      if (limit > TOPS_HEAD_SIZE) throw new Error(`entity_tops_head keeps ${TOPS_HEAD_SIZE} rows a list, not ${limit}`);
      return readTopLists(sql, sql`
        -- A lateral per list keeps each list's top-N sort; one window over all four sorts every group.
        select false as all_time, l.list, w.id, w.count from unnest(${Object.values(TOP_LISTS)}::smallint[]) l(list) cross join lateral (
          select key_id::int as id, sum(count)::int as count from entity_tops_daily
          where entity_kind = ${scope.kind} and entity_id = ${scope.id} and list = l.list
            and day >= (${since}::timestamptz at time zone 'UTC')::date
          group by key_id order by 2 desc, 1 limit ${limit}) w
        union all
        -- The head's ranks follow the same order as readTopLists': count first, then key.
        select true, list, key_id::int, count from entity_tops_head
        where entity_kind = ${scope.kind} and entity_id = ${scope.id} and rank <= ${limit}`);
    },
  };
}
