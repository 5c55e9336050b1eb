/**
 * Battle detection's reads and writes. A kill is in at most one battle (battle_kills is keyed by killmail), and a
 * battle re-detected with more kills keeps the oldest id among the battles its kills were in: it grows, never splits.
 */
import type { Sql } from "../db/db.client.ts";
import type { ActiveSegment, DetectionKill } from "./battles.models.ts";
import type { Sides } from "./battles.sides.models.ts";

export type StoredDetectionKill = DetectionKill & { totalValue: number };
export type BattleToSave = { startMs: number; endMs: number; solarSystemIds: number[]; killmailIds: number[]; iskDestroyed: number; sides: Sides & Record<string, unknown> };

const partyOf = (t: Sql, alliance: ReturnType<Sql>, corporation: ReturnType<Sql>) =>
  t`case when ${alliance} is not null then 'alliance:' || ${alliance} when ${corporation} is not null then 'corporation:' || ${corporation} end`;

export function createBattlesRepository({ sql }: { sql: Sql }) {
  return {
    /** Minutes holding kills stored after `since` (minutes, not kills: a backfill stores many per minute). */
    async listStoredMinutes({ since }: { since: Date }) {
      const rows = await sql<{ minute: Date }[]>`select distinct date_trunc('minute', killmail_time) as minute from killmails where stored_at > ${since}`;
      return rows.map((row) => row.minute.getTime());
    },
    async findStoredRange() {
      const [row] = await sql<{ first: Date | null; last: Date | null }[]>`select min(killmail_time) as first, max(killmail_time) as last from killmail_ids`;
      return row?.first && row.last ? { fromMs: row.first.getTime(), toMs: row.last.getTime() + 1 } : null;
    },
    /** The time the stored battles overlapping [from, to) cover, so a recompute takes each of them whole. */
    async findBattleBounds({ fromMs, toMs }: { fromMs: number; toMs: number }) {
      const [row] = await sql<{ first: Date | null; last: Date | null }[]>`select min(started_at) as first, max(ended_at) as last from battles
        where started_at < ${new Date(toMs)} and ended_at > ${new Date(fromMs)}`;
      return row?.first && row.last ? { fromMs: row.first.getTime(), toMs: row.last.getTime() } : null;
    },
    listActiveSegments: ({ fromMs, toMs, segmentMs, minKills }: { fromMs: number; toMs: number; segmentMs: number; minKills: number }) => sql<ActiveSegment[]>`
      select solar_system_id, floor(extract(epoch from killmail_time) * 1000 / ${segmentMs})::float8 as segment from killmails
      where killmail_time >= ${new Date(fromMs)} and killmail_time < ${new Date(toMs)}
      group by 1, 2 having count(*) >= ${minKills}`,
    async listSystemLinks({ solarSystemIds }: { solarSystemIds: number[] }) {
      const rows = await sql<{ solarSystemId: number; linkedSystemIds: number[] }[]>`
        select solar_system_id, linked_system_ids from system_links where solar_system_id = any(${solarSystemIds}::int[])`;
      return new Map(rows.map((row) => [row.solarSystemId, row.linkedSystemIds]));
    },
    /** The kills of these systems in [from, to), each with the parties of its attackers who dealt `minDamageShare` or more (NPCs left out). */
    async listDetectionKills({ solarSystemIds, fromMs, toMs, minDamageShare }: { solarSystemIds: number[]; fromMs: number; toMs: number; minDamageShare: number }) {
      const rows = await sql<(Omit<StoredDetectionKill, "timeMs"> & { killmailTime: Date })[]>`
        select k.killmail_id, k.killmail_time, k.solar_system_id, k.total_value,
          ${partyOf(sql, sql`k.victim_alliance_id`, sql`k.victim_corporation_id`)} as victim_party,
          coalesce((select array_agg(distinct ${partyOf(sql, sql`a.alliance_id`, sql`a.corporation_id`)}) from killmail_attackers a
            where a.killmail_id = k.killmail_id and a.killmail_time = k.killmail_time and a.character_id is not null
              and a.damage_share >= ${minDamageShare} and coalesce(a.alliance_id, a.corporation_id) is not null), '{}') as attacker_parties
        from killmails k
        where k.solar_system_id = any(${solarSystemIds}::int[]) and k.killmail_time >= ${new Date(fromMs)} and k.killmail_time < ${new Date(toMs)}
        order by k.killmail_time, k.killmail_id`;
      return rows.map(({ killmailTime, ...row }): StoredDetectionKill => ({ ...row, timeMs: killmailTime.getTime() }));
    },
    /** Writes detected battles over [from, to): stored battles there that none continues are removed. */
    async saveBattles({ fromMs, toMs, battles }: { fromMs: number; toMs: number; battles: BattleToSave[] }) {
      const before = await sql<{ battleId: number }[]>`select battle_id from battles where started_at < ${new Date(toMs)} and ended_at > ${new Date(fromMs)}`;
      const kept: number[] = [];
      for (const battle of battles) kept.push(await saveBattle({ sql, battle, taken: kept }));
      const gone = before.map((row) => row.battleId).filter((id) => !kept.includes(id));
      if (gone.length) await sql`delete from battles where battle_id = any(${gone}::bigint[])`;
      if (kept.length) await countPilots({ sql, battleIds: kept });
      return { saved: kept.length, removed: gone.length, battleIds: kept };
    },
  };
}

/** `taken`: ids this run gave already (an old battle whose kills now make two keeps its id for the earlier one). */
async function saveBattle({ sql, battle, taken }: { sql: Sql; battle: BattleToSave; taken: number[] }) {
  const ids = battle.killmailIds;
  const earlier = await sql<{ battleId: number }[]>`select distinct battle_id from battle_kills where killmail_id = any(${ids}::bigint[]) order by 1`;
  const previous = earlier.find((row) => !taken.includes(row.battleId));
  const values = { startedAt: new Date(battle.startMs), endedAt: new Date(battle.endMs), solarSystemIds: battle.solarSystemIds, killCount: ids.length,
    iskDestroyed: battle.iskDestroyed, pilotCount: 0, sides: battle.sides };
  const columns = sql`started_at, ended_at, solar_system_ids, kill_count, isk_destroyed, pilot_count, sides`;
  const [saved] = previous?.battleId
    ? await sql<{ battleId: number }[]>`update battles set (${columns}) = (${values.startedAt}, ${values.endedAt}, ${values.solarSystemIds}::int[], ${values.killCount},
        ${values.iskDestroyed}, ${values.pilotCount}, ${sql.json(values.sides as never)}), updated_at = now() where battle_id = ${previous.battleId} returning battle_id`
    : await sql<{ battleId: number }[]>`insert into battles (${columns}) values (${values.startedAt}, ${values.endedAt}, ${values.solarSystemIds}::int[], ${values.killCount},
        ${values.iskDestroyed}, ${values.pilotCount}, ${sql.json(values.sides as never)}) returning battle_id`;
  const battleId = saved!.battleId;
  await sql`delete from battle_kills where battle_id = ${battleId} and killmail_id <> all(${ids}::bigint[])`;
  await sql`insert into battle_kills (killmail_id, killmail_time, battle_id)
    select k.killmail_id, k.killmail_time, ${battleId} from killmail_ids k where k.killmail_id = any(${ids}::bigint[])
    on conflict (killmail_id) do update set battle_id = excluded.battle_id, killmail_time = excluded.killmail_time`;
  return battleId;
}

async function countPilots({ sql, battleIds }: { sql: Sql; battleIds: number[] }) {
  await sql`update battles b set pilot_count = p.pilots from (
      select bk.battle_id, count(distinct i.entity_id)::int as pilots from battle_kills bk
      join killmail_involvement i on i.killmail_id = bk.killmail_id and i.killmail_time = bk.killmail_time and i.entity_kind = 'character'
      where bk.battle_id = any(${battleIds}::bigint[]) group by 1
    ) p where p.battle_id = b.battle_id`;
}
