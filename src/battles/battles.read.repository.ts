/** What battle pages, /related/ and saved reports read: battles, the kills they hold, and those kills' attackers and items. */
import type { Sql } from "../db/db.client.ts";
import type { KillmailSummary } from "../killmails/killmail.read.repository.ts";

export type KillKey = { killmailId: number; killmailTime: Date };
export type StoredBattle = {
  battleId: number; startedAt: Date; endedAt: Date; solarSystemIds: number[]; killCount: number; iskDestroyed: number; pilotCount: number;
  sides: { left: string[]; right: string[]; lost?: { left: number; right: number }; losses?: { left: number; right: number } };
};
export type BattleAttacker = { killmailId: number; characterId: number | null; corporationId: number | null; allianceId: number | null; shipTypeId: number | null; damageShare: number };
export type BattleItem = { victimCorporationId: number | null; victimAllianceId: number | null; typeId: number; dropped: number; destroyed: number; droppedValue: number; destroyedValue: number };
export type StoredReport = { reportId: number; source: { kind: string; [key: string]: unknown }; killmailIds: number[]; leftParties: string[]; rightParties: string[]; createdAt: Date };

/** `@>` / `&&` on solar_system_ids so a rare system's or region's battles come from its GIN index (migration 00023). */
export type BattleFilter = { solarSystemId?: number; regionId?: number; minKills?: number };

const battleColumns = (sql: Sql) => sql`battle_id, started_at, ended_at, solar_system_ids, kill_count, isk_destroyed, pilot_count, sides`;

/** Where a report's kills come from: a detected battle, a system's kills around a time (/related/), or saved ids. */
export type KillSource = { battleId: number } | { solarSystemId: number; fromMs: number; toMs: number } | { killmailIds: number[] };

/** Kills by id within their time range: each partition's primary key is probed with the ids (pruned by the range). */
export type KillSet = { killmailIds: number[]; from: Date; to: Date };

function sourceKeys(sql: Sql, source: KillSource) {
  if ("battleId" in source) return sql`select killmail_id, killmail_time from battle_kills where battle_id = ${source.battleId}`;
  if ("killmailIds" in source) return sql`select killmail_id, killmail_time from killmail_ids where killmail_id = any(${source.killmailIds}::bigint[])`;
  return sql`select killmail_id, killmail_time from killmails where solar_system_id = ${source.solarSystemId}
    and killmail_time >= ${new Date(source.fromMs)} and killmail_time < ${new Date(source.toMs)}`;
}

/**
 * A list of ids and a time range rather than a join: joined with a subquery, the planner (no statistics on the
 * new rows yet) hashed whole partitions; `killmail_id = any(...)` probes each partition's primary key instead.
 */
const inSet = (sql: Sql, alias: ReturnType<Sql>, kills: KillSet) =>
  sql`${alias}.killmail_id = any(${kills.killmailIds}::bigint[]) and ${alias}.killmail_time >= ${kills.from} and ${alias}.killmail_time <= ${kills.to}`;

export function createBattlesReadRepository({ sql }: { sql: Sql }) {
  return {
    /** Newest-ended first, keyset-paged on (ended_at, battle_id); a system or region matches a battle with kills there. */
    listRecentBattles: ({ limit, before, filter = {} }: { limit: number; before?: { endedAt: Date; battleId: number }; filter?: BattleFilter }) => sql<StoredBattle[]>`
      select ${battleColumns(sql)} from battles where true
      ${before ? sql`and (ended_at, battle_id) < (${before.endedAt}, ${before.battleId})` : sql``}
      ${filter.solarSystemId != null ? sql`and solar_system_ids @> array[${filter.solarSystemId}]::int[]` : sql``}
      ${filter.regionId != null ? sql`and solar_system_ids && (select coalesce(array_agg(solar_system_id), '{}') from solar_systems where region_id = ${filter.regionId})` : sql``}
      ${filter.minKills != null ? sql`and kill_count >= ${filter.minKills}` : sql``}
      order by ended_at desc, battle_id desc limit ${limit}`,
    async findBattle({ battleId }: { battleId: number }) {
      const [row] = await sql<StoredBattle[]>`select ${battleColumns(sql)} from battles where battle_id = ${battleId}`;
      return row ?? null;
    },
    listKillKeys: ({ source }: { source: KillSource }) => sql<KillKey[]>`${sourceKeys(sql, source)} order by killmail_time, killmail_id`,
    async findKillSet({ source }: { source: KillSource }): Promise<KillSet> {
      const keys = await sql<KillKey[]>`${sourceKeys(sql, source)}`;
      let from = Infinity;
      let to = -Infinity;
      for (const { killmailTime } of keys) {
        from = Math.min(from, killmailTime.getTime());
        to = Math.max(to, killmailTime.getTime());
      }
      return { killmailIds: keys.map((key) => key.killmailId), from: new Date(keys.length ? from : 0), to: new Date(keys.length ? to : 0) };
    },
    listSummaries: ({ kills }: { kills: KillSet }) => sql<KillmailSummary[]>`
      select k.killmail_id, k.killmail_time, k.solar_system_id, k.security, k.region_id, k.victim_character_id,
        k.victim_corporation_id, k.victim_alliance_id, k.victim_ship_type_id, k.victim_ship_group_id,
        k.final_blow_character_id, k.final_blow_corporation_id, k.final_blow_alliance_id, k.final_blow_ship_type_id,
        k.attacker_count, k.total_value, k.points, k.labels, k.solo, k.npc, k.awox
      from killmails k where ${inSet(sql, sql`k`, kills)}
      order by k.killmail_time, k.killmail_id`,
    /** Player attackers only: NPCs take no side. */
    listAttackers: ({ kills }: { kills: KillSet }) => sql<BattleAttacker[]>`
      select a.killmail_id, a.character_id, a.corporation_id, a.alliance_id, a.ship_type_id, a.damage_share
      from killmail_attackers a where ${inSet(sql, sql`a`, kills)} and a.character_id is not null`,
    /**
     * Items lost, summed per type and victim affiliation (the page sums them again per side). The ids filter the
     * kills only, each kill's items then come from its primary key: with the ids on both sides, the generic plan the
     * prepared statement switches to after five runs compared every item with every kill (1.3 s for 1,000 kills).
     */
    listItems: ({ kills }: { kills: KillSet }) => sql<BattleItem[]>`
      select k.victim_corporation_id, k.victim_alliance_id, i.type_id,
        sum(i.quantity_dropped)::float8 as dropped, sum(i.quantity_destroyed)::float8 as destroyed,
        sum(i.quantity_dropped * i.unit_price)::float8 as dropped_value, sum(i.quantity_destroyed * i.unit_price)::float8 as destroyed_value
      from killmails k join killmail_items i on i.killmail_id = k.killmail_id and i.killmail_time = k.killmail_time
      where ${inSet(sql, sql`k`, kills)} and i.killmail_time >= ${kills.from} and i.killmail_time <= ${kills.to}
      group by 1, 2, 3`,
    async saveReport({ source, killmailIds, left, right }: { source: Record<string, unknown>; killmailIds: number[]; left: string[]; right: string[] }) {
      const [row] = await sql<{ reportId: number }[]>`insert into battle_reports (source, killmail_ids, left_parties, right_parties)
        values (${sql.json(source as never)}, ${killmailIds}::bigint[], ${left}::text[], ${right}::text[]) returning report_id`;
      return row!.reportId;
    },
    async findReport({ reportId }: { reportId: number }) {
      const [row] = await sql<StoredReport[]>`select report_id, source, killmail_ids, left_parties, right_parties, created_at from battle_reports where report_id = ${reportId}`;
      return row ?? null;
    },
  };
}
