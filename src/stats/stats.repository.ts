/**
 * Aggregates computed on read from killmail_involvement and killmails. A "scope" is the set of killmails an
 * entity page covers, each with its side (is_victim); location pages count every killmail there as a kill.
 * The web layer caches the results briefly, so these run at most once per page per cache period.
 */
import type { PendingQuery, Row } from "postgres";
import type { Sql } from "../db/db.client.ts";
import type { EntityKind, LocationKind, PartyKind } from "../vocabulary/entity-kinds.ts";
import { splitTopLists, TOP_LISTS, type MonthRow, type TopListRow } from "./stats.models.ts";

export type Scope = { kind: EntityKind; id: number };

const LOCATION_COLUMN = { system: "solar_system_id", constellation: "constellation_id", region: "region_id" } as const;
const ATTACKER_COLUMN = {
  character: "character_id", corporation: "corporation_id", alliance: "alliance_id", faction: "faction_id",
  ship: "ship_type_id", group: "ship_group_id",
} as const;

/**
 * The FROM clause of a scope: `k` (killmail columns) and `s.is_victim`. Location scopes read killmails alone
 * (a self-join through the involvement shape doubled the cost on busy regions); `since` bounds the period.
 */
function fromScope(sql: Sql, scope: Scope, since?: Date) {
  if (scope.kind in LOCATION_COLUMN) {
    const column = LOCATION_COLUMN[scope.kind as LocationKind];
    return sql`killmails k cross join lateral (select false as is_victim) s
      where k.${sql(column)} = ${scope.id} ${since ? sql`and k.killmail_time >= ${since}` : sql``}`;
  }
  return sql`killmail_involvement s
    join killmails k on k.killmail_id = s.killmail_id and k.killmail_time = s.killmail_time
    where s.entity_kind = ${scope.kind} and s.entity_id = ${scope.id}
    ${since ? sql`and s.killmail_time >= ${since} and k.killmail_time >= ${since}` : sql``}`;
}

/**
 * Like fromScope, for a statement that needs only `k.killmail_id`, `k.killmail_time` and `s.is_victim`: a party's
 * involvement rows hold them, so its entity index answers alone (index-only) instead of fetching every killmail
 * row of the period.
 */
function timesOfScope(sql: Sql, scope: Scope, since?: Date) {
  if (scope.kind in LOCATION_COLUMN) return fromScope(sql, scope, since);
  return sql`killmail_involvement k cross join lateral (select k.is_victim) s
    where k.entity_kind = ${scope.kind} and k.entity_id = ${scope.id} ${since ? sql`and k.killmail_time >= ${since}` : sql``}`;
}

export type EntitySummary = {
  shipsDestroyed: number; iskDestroyed: number; pointsDestroyed: number; soloKills: number; avgGangSize: number;
  shipsLost: number; iskLost: number; pointsLost: number; soloLosses: number;
};

/**
 * The eight lists' rows (`all_time`, `list`, `id`, `count`, each list ordered) with the opponents' stored names, in
 * one statement: the opponents, all corporations, would otherwise be named by another round trip after them.
 */
export async function readTopLists(sql: Sql, lists: PendingQuery<Row[]>) {
  const rows = await sql<TopListRow[]>`
    select t.all_time, t.list, t.id, t.count, n.name, n.ticker from (${lists}) t
    left join entities n on t.list = ${TOP_LISTS.opponents} and n.entity_kind = 'corporation' and n.entity_id = t.id
    order by t.all_time, t.list, t.count desc, t.id`;
  return splitTopLists(rows);
}

export function createStatsRepository({ sql }: { sql: Sql }) {
  const repository = {
    /**
     * All-time summary from entity_totals (refreshed every few minutes); an entity too new to be there yet is
     * small, so it is aggregated live.
     */
    async summarize({ scope }: { scope: Scope }): Promise<EntitySummary> {
      return (await this.summarizeStored({ scope })) ?? this.summarizeLive({ scope });
    },

    async summarizeStored({ scope }: { scope: Scope }): Promise<EntitySummary | null> {
      const [stored] = await sql<EntitySummary[]>`
        select kills::int as ships_destroyed, isk_destroyed, points::int as points_destroyed, solo_kills::int, avg_gang_size,
          losses::int as ships_lost, isk_lost, points_lost::int, solo_losses::int
        from entity_totals where entity_kind = ${scope.kind} and entity_id = ${scope.id}`;
      return stored ?? null;
    },

    /** The aggregate entity_totals materializes (migration 00008), computed now for one scope; a test holds the two equal for every entity. */
    async summarizeLive({ scope }: { scope: Scope }): Promise<EntitySummary> {
      const [row] = await sql<EntitySummary[]>`
        select count(*) filter (where not s.is_victim)::int as ships_destroyed,
          coalesce(sum(k.total_value) filter (where not s.is_victim), 0)::float8 as isk_destroyed,
          coalesce(sum(k.points) filter (where not s.is_victim), 0)::int as points_destroyed,
          count(*) filter (where not s.is_victim and k.solo)::int as solo_kills,
          coalesce(avg(k.attacker_count) filter (where not s.is_victim), 0)::float8 as avg_gang_size,
          count(*) filter (where s.is_victim)::int as ships_lost,
          coalesce(sum(k.total_value) filter (where s.is_victim), 0)::float8 as isk_lost,
          coalesce(sum(k.points) filter (where s.is_victim), 0)::int as points_lost,
          count(*) filter (where s.is_victim and k.solo)::int as solo_losses
        from ${fromScope(sql, scope)}`;
      return row!;
    },

    /** Kills by UTC weekday (0 = Sunday) and hour, for the activity heatmap. */
    activity: ({ scope, since }: { scope: Scope; since?: Date }) => sql<{ dow: number; hour: number; kills: number }[]>`
      select extract(dow from k.killmail_time at time zone 'UTC')::int as dow,
        extract(hour from k.killmail_time at time zone 'UTC')::int as hour, count(*)::int as kills
      from ${timesOfScope(sql, scope, since)} and not s.is_victim group by 1, 2`,

    /** Every month with activity, newest first (all time unless `since`). */
    monthly: ({ scope, since }: { scope: Scope; since?: Date }) => sql<MonthRow[]>`
      select to_char(k.killmail_time at time zone 'UTC', 'YYYY-MM') as month,
        count(*) filter (where not s.is_victim)::int as kills, count(*) filter (where s.is_victim)::int as losses,
        coalesce(sum(k.total_value) filter (where not s.is_victim), 0)::float8 as isk_destroyed,
        coalesce(sum(k.total_value) filter (where s.is_victim), 0)::float8 as isk_lost
      from ${fromScope(sql, scope, since)} group by 1 order by 1 desc`,

    /**
     * The same months from entity_monthly (kept by the rollups job, migration 00021); none before it reached the
     * entity. With `since`, from the month it falls in, whole: a stored month is not split.
     */
    monthlyStored: ({ scope, since }: { scope: Scope; since?: Date }) => sql<MonthRow[]>`
      select to_char(month, 'YYYY-MM') as month, kills, losses, isk_destroyed, isk_lost from entity_monthly
      where entity_kind = ${scope.kind} and entity_id = ${scope.id}
        ${since ? sql`and month >= date_trunc('month', ${since}::timestamptz at time zone 'UTC')::date` : sql``}
      order by month desc`,

    /** Ship types the scope flew on its kills (attacker rows matching the scope) or lost. */
    topShips: ({ scope, lost, since, limit = 10 }: { scope: Scope; lost: boolean; since?: Date; limit?: number }) => {
      if (lost) {
        return sql<{ id: number; count: number }[]>`
          select k.victim_ship_type_id as id, count(*)::int as count from ${fromScope(sql, scope, since)}
          and s.is_victim group by 1 order by 2 desc, 1 limit ${limit}`;
      }
      const column = ATTACKER_COLUMN[scope.kind as PartyKind];
      const match = column ? sql`and a.${sql(column)} = ${scope.id}` : sql``;
      return sql<{ id: number; count: number }[]>`
        select a.ship_type_id as id, count(*)::int as count from killmail_attackers a
        join (select k.killmail_id, k.killmail_time from ${fromScope(sql, scope, since)} and not s.is_victim) x
          on a.killmail_id = x.killmail_id and a.killmail_time = x.killmail_time
        where a.ship_type_id is not null ${match} group by 1 order by 2 desc, 1 limit ${limit}`;
    },

    /** Entities of `kind` on the other side of the scope's killmails. */
    topOpponents: ({ scope, kind, since, limit = 10 }: { scope: Scope; kind: "character" | "corporation" | "alliance"; since?: Date; limit?: number }) =>
      sql<{ id: number; count: number }[]>`
        select o.entity_id as id, count(*)::int as count from killmail_involvement o
        join (select k.killmail_id, k.killmail_time, s.is_victim from ${timesOfScope(sql, scope, since)}) x
          on o.killmail_id = x.killmail_id and o.killmail_time = x.killmail_time and o.entity_kind = ${kind} and o.is_victim = not x.is_victim
        group by 1 order by 2 desc, 1 limit ${limit}`,

    topSystems: ({ scope, since, limit = 10 }: { scope: Scope; since?: Date; limit?: number }) => sql<{ id: number; count: number }[]>`
      select k.solar_system_id as id, count(*)::int as count from ${fromScope(sql, scope, since)}
      group by 1 order by 2 desc, 1 limit ${limit}`,
  };

  /** One period's four lists, each the query above it is everywhere else, tagged with its number. */
  const period = (scope: Scope, since: Date | undefined, limit: number) => [
    [TOP_LISTS.shipsUsed, repository.topShips({ scope, lost: false, since, limit })],
    [TOP_LISTS.shipsLost, repository.topShips({ scope, lost: true, since, limit })],
    [TOP_LISTS.opponents, repository.topOpponents({ scope, kind: "corporation", since, limit })],
    [TOP_LISTS.systems, repository.topSystems({ scope, since, limit })],
  ] as const;

  return {
    ...repository,

    /**
     * An entity page's lists aggregated live (a party whose lists are not kept): the eight queries over `since`
     * and all time, in one statement instead of eight round trips, the opponents named.
     */
    liveLists({ scope, since, limit }: { scope: Scope; since: Date; limit: number }) {
      const tagged = [...period(scope, since, limit).map((entry) => [false, ...entry] as const), ...period(scope, undefined, limit).map((entry) => [true, ...entry] as const)];
      const lists = tagged.map(([allTime, list, query]) => sql`select ${allTime}::bool as all_time, ${list}::smallint as list, q.id::bigint as id, q.count from (${query}) q`)
        .reduce((union, select) => sql`${union} union all ${select}`);
      return readTopLists(sql, lists);
    },
  };
}
