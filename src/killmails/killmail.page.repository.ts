/**
 * The kill page's read: the killmail's time, then the killmail, its battle, attackers, items, the kills around it
 * and the names of every pilot, corporation and alliance they show, in one statement. It was six statements in four
 * round trips: at a few hundred microseconds of client and server work each, they cost an uncached page more than
 * its reads.
 * The child rows come back as JSON text, parsed once natively rather than column by column.
 */
import postgres from "postgres";
import type { Sql } from "../db/db.client.ts";
import type { EntityNameRow } from "../names/names.repository.ts";
import {
  detailColumns, hullColumns, summaryColumns, toBattleOfKill, toStoredHull,
  type AttackerRow, type BattleOfKillColumns, type HullColumns, type ItemRow, type KillmailDetail, type KillmailSummary,
} from "./killmail.read.repository.ts";

type PageRow = KillmailDetail & HullColumns & BattleOfKillColumns & {
  attackersJson: string; itemsJson: string; relatedJson: string; namesJson: string;
};

const camelKeys = new Map<string, string>();
const camel = (key: string) => camelKeys.get(key) ?? camelKeys.set(key, postgres.toCamel(key)).get(key)!;

/** Rows from `json_agg` of table rows: snake_case keys made camelCase, at the top level only (price inputs keep theirs). */
function parseRows<T>(text: string): T[] {
  return (JSON.parse(text) as Record<string, unknown>[]).map((row) => {
    const out: Record<string, unknown> = {};
    for (const key in row) out[camel(key)] = row[key];
    return out as T;
  });
}

const agg = (sql: Sql, order: ReturnType<Sql>) => sql`coalesce(json_agg(r ${order}), '[]')::text`;

export function createKillPageRepository({ sql }: { sql: Sql }) {
  return {
    /**
     * Null for an unknown id. The time comes from killmail_ids first, so every read is pruned to the kill's
     * monthly partition; `related` is the kills in the same system within `windowMs` either side, newest
     * first, at most `relatedLimit` (0: none).
     */
    async findKillPage({ killmailId, windowMs, relatedLimit }: { killmailId: number; windowMs: number; relatedLimit: number }) {
      // The time as a parameter, not a subquery: only then does PostgreSQL leave the other partitions out when it
      // starts the statement, rather than setting up a scan of each of them (several milliseconds at 100 months).
      const [located] = await sql<{ killmailTime: Date }[]>`select killmail_time from killmail_ids where killmail_id = ${killmailId}`;
      if (!located) return null;
      const time = located.killmailTime;
      const [since, until] = [new Date(time.getTime() - windowMs), new Date(time.getTime() + windowMs)];
      const [row] = await sql<PageRow[]>`
        with found as materialized (
          select ${detailColumns(sql)}, k.constellation_id, k.victim_faction_id, k.victim_damage_taken, k.war_id,
            k.space_class, k.moon_id, ${hullColumns(sql)}
          from killmails k where k.killmail_id = ${killmailId} and k.killmail_time = ${time}),
        attackers as materialized (
          select attacker_index, character_id, corporation_id, alliance_id, faction_id, ship_type_id,
            weapon_type_id, damage_done, damage_share, final_blow, security_status
          from killmail_attackers where killmail_id = ${killmailId} and killmail_time = ${time}),
        related as materialized (
          select ${summaryColumns(sql)} from killmails k
          where k.solar_system_id = (select solar_system_id from found)
            and k.killmail_time >= ${since} and k.killmail_time < ${until} and k.killmail_id <> ${killmailId}
          order by k.killmail_time desc, k.killmail_id desc limit ${relatedLimit}),
        keys as (
          select 'character'::text as kind, victim_character_id as id from found
          union select 'corporation', victim_corporation_id from found union select 'alliance', victim_alliance_id from found
          union select 'character', character_id from attackers union select 'corporation', corporation_id from attackers
          union select 'alliance', alliance_id from attackers
          union select 'character', victim_character_id from related union select 'corporation', victim_corporation_id from related
          union select 'alliance', victim_alliance_id from related union select 'character', final_blow_character_id from related)
        select f.*, b.battle_id, b.solar_system_ids as battle_system_ids, b.kill_count as battle_kill_count,
          b.started_at as battle_started_at, b.ended_at as battle_ended_at,
          (select ${agg(sql, sql`order by r.damage_done desc, r.attacker_index`)} from attackers r) as attackers_json,
          (select ${agg(sql, sql`order by r.item_index`)} from (
            select i.item_index, i.parent_index, i.type_id, i.flag, i.slot, i.singleton, i.quantity_dropped, i.quantity_destroyed,
              i.unit_price, i.price_source, p.inputs as price_inputs
            from killmail_items i left join price_inputs p on p.price_inputs_id = i.price_inputs_id
            where i.killmail_id = ${killmailId} and i.killmail_time = ${time}) r) as items_json,
          (select ${agg(sql, sql`order by r.killmail_time desc, r.killmail_id desc`)} from related r) as related_json,
          (select ${agg(sql, sql``)} from (
            select e.entity_kind, e.entity_id, e.name, e.ticker from keys join entities e on e.entity_kind = keys.kind and e.entity_id = keys.id) r
          ) as names_json
        from found f
        left join lateral (select b.* from battle_kills bk join battles b using (battle_id) where bk.killmail_id = f.killmail_id limit 1) b on true`;
      if (!row) return null;
      const { hullUnitPrice, hullPriceSource, hullPriceInputsText, attackersJson, itemsJson, relatedJson, namesJson, ...rest } = row;
      const { battleId, battleSystemIds, battleKillCount, battleStartedAt, battleEndedAt, ...killmail } = rest;
      return {
        killmail: killmail as KillmailDetail,
        attackers: parseRows<AttackerRow>(attackersJson),
        items: parseRows<ItemRow>(itemsJson),
        hull: toStoredHull({ hullUnitPrice, hullPriceSource, hullPriceInputsText }),
        battle: toBattleOfKill({ battleId, battleSystemIds, battleKillCount, battleStartedAt, battleEndedAt }),
        related: parseRows<KillmailSummary>(relatedJson).map((summary) => ({ ...summary, killmailTime: new Date(summary.killmailTime) })),
        names: parseRows<EntityNameRow>(namesJson),
      };
    },
  };
}
