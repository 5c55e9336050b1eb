/**
 * The kill page's read: the killmail, its battle, attackers, items, the kills around it and the names of every
 * pilot, corporation and alliance they show, in one statement. It was six statements in four round trips: at a few
 * hundred microseconds of client and server work each, they cost an uncached page more than its reads.
 * The statement names the month's partitions rather than the partitioned tables. PostgreSQL prunes months only in
 * a plan made for the values given, so on the partitioned tables it planned the statement on every execution, two
 * thirds of the backend's time for a page; on plain tables its plan cache settles on one plan per month's statement.
 * The month is guessed from the id (killmail.months.repository.ts), or else looked up in killmail_ids first.
 * The child rows come back as JSON text, parsed once natively rather than column by column.
 */
import postgres from "postgres";
import type { Sql } from "../db/db.client.ts";
import type { EntityNameRow } from "../names/names.repository.ts";
import type { KillMonthGuesser } from "./killmail.months.repository.ts";
import { monthOf, partitionNamed, suffixOfMonth } from "./killmail.partitions.ts";
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

/** PostgreSQL's undefined_table: a month's partition by another name than ensure_killmail_partitions gives. */
const UNDEFINED_TABLE = "42P01";
/**
 * Months back from now whose kills are read from their partitions. Each such month is one more statement a
 * connection keeps prepared with its plan, ~0.5 MB of the backend's memory (pg_backend_memory_contexts), so older
 * kills, a small share of the visits, are read from the partitioned tables and planned on every read.
 */
const PARTITION_READ_MONTHS = 12;

const monthIndex = (date: Date) => date.getUTCFullYear() * 12 + date.getUTCMonth();
/** `YYYYMM`, as a month's partitions are suffixed. */
const suffixOf = (date: Date) => suffixOfMonth(monthOf(date));
const isRecent = (suffix: string) =>
  monthIndex(new Date()) - (Number(suffix.slice(0, 4)) * 12 + Number(suffix.slice(4)) - 1) < PARTITION_READ_MONTHS;
/** True when the kill and its related window lie in the month `suffix`, so that month's partitions hold them all. */
const withinMonth = (time: Date, windowMs: number, suffix: string) =>
  [time, new Date(time.getTime() - windowMs), new Date(time.getTime() + windowMs)].every((moment) => suffixOf(moment) === suffix);

type PageQuery = { killmailId: number; windowMs: number; relatedLimit: number };
/**
 * Where a page's statement reads: one month's partitions (`suffix`), the related kills' window taken from the kill's
 * own time; or the partitioned tables, pruned by the kill's `time`, looked up first and given as a parameter (only
 * then does PostgreSQL leave the other months out rather than set up a scan of each).
 */
type Source = { suffix: string } | { time: Date };

export function createKillPageRepository({ sql, months }: { sql: Sql; months?: KillMonthGuesser }) {
  const readMonth = (query: PageQuery, suffix: string) => selectPage(sql, query, { suffix })
    .catch((error: { code?: string }) => (error.code === UNDEFINED_TABLE ? undefined : Promise.reject(error)));
  return {
    /**
     * Null for an unknown id. `related` is the kills in the same system within `windowMs` either side, newest first,
     * at most `relatedLimit` (0: none). The partitioned tables answer for old kills, for a window that leaves the
     * month, and when the month's partitions are not where their name says (a database whose time zone was not UTC
     * when a month was created): no such table, or no such kill in it.
     */
    async findKillPage(query: PageQuery) {
      const guessed = months?.guess({ killmailId: query.killmailId });
      if (guessed && isRecent(guessed)) {
        const row = await readMonth(query, guessed);
        if (row && withinMonth(row.killmailTime, query.windowMs, guessed)) return toPage(row);
        if (!row) months!.missed();
      }
      const [located] = await sql<{ killmailTime: Date }[]>`select killmail_time from killmail_ids where killmail_id = ${query.killmailId}`;
      if (!located) return null;
      const time = located.killmailTime;
      const suffix = suffixOf(time);
      const monthRow = suffix !== guessed && isRecent(suffix) && withinMonth(time, query.windowMs, suffix) ? await readMonth(query, suffix) : undefined;
      const row = monthRow ?? await selectPage(sql, query, { time });
      return row ? toPage(row) : null;
    },
  };
}

function toPage(row: PageRow) {
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
}

/** The tables and conditions of `source`: a month's partitions hold one kill per id, so the id alone finds it. */
function sourceOf(sql: Sql, { windowMs }: PageQuery, source: Source) {
  if ("suffix" in source) {
    const table = (name: string) => sql(partitionNamed(name, source.suffix));
    const window = sql`make_interval(secs => ${windowMs / 1000})`;
    return {
      killmails: table("killmails"), attackers: table("killmail_attackers"), items: table("killmail_items"), related: table("killmails"),
      atTime: (_alias: string) => sql``,
      inWindow: sql`k.killmail_time >= (select killmail_time from found) - ${window} and k.killmail_time < (select killmail_time from found) + ${window}`,
    };
  }
  const { time } = source;
  const [since, until] = [new Date(time.getTime() - windowMs), new Date(time.getTime() + windowMs)];
  return {
    killmails: sql("killmails"), attackers: sql("killmail_attackers"), items: sql("killmail_items"), related: sql("killmails"),
    atTime: (alias: string) => sql`and ${sql(alias)}.killmail_time = ${time}`,
    inWindow: sql`k.killmail_time >= ${since} and k.killmail_time < ${until}`,
  };
}

async function selectPage(sql: Sql, query: PageQuery, source: Source) {
  const { killmailId, relatedLimit } = query;
  const from = sourceOf(sql, query, source);
  const [row] = await sql<PageRow[]>`
    with found as materialized (
      select ${detailColumns(sql)}, k.constellation_id, k.victim_faction_id, k.victim_damage_taken, k.war_id,
        k.space_class, k.moon_id, ${hullColumns(sql)}
      from ${from.killmails} k where k.killmail_id = ${killmailId} ${from.atTime("k")}),
    attackers as materialized (
      select a.attacker_index, a.character_id, a.corporation_id, a.alliance_id, a.faction_id, a.ship_type_id,
        a.weapon_type_id, a.damage_done, a.damage_share, a.final_blow, a.security_status
      from ${from.attackers} a where a.killmail_id = ${killmailId} ${from.atTime("a")}),
    related as materialized (
      select ${summaryColumns(sql)} from ${from.related} k
      where k.solar_system_id = (select solar_system_id from found) and ${from.inWindow} and k.killmail_id <> ${killmailId}
      order by k.killmail_time desc, k.killmail_id desc limit ${relatedLimit}),
    keys as (
      select v.* from found f, lateral (values ('character'::text, f.victim_character_id), ('corporation', f.victim_corporation_id),
        ('alliance', f.victim_alliance_id)) v(kind, id)
      union select v.* from attackers a, lateral (values ('character'::text, a.character_id), ('corporation', a.corporation_id),
        ('alliance', a.alliance_id)) v(kind, id)
      union select v.* from related r, lateral (values ('character'::text, r.victim_character_id), ('corporation', r.victim_corporation_id),
        ('alliance', r.victim_alliance_id), ('character', r.final_blow_character_id)) v(kind, id))
    select f.*, b.battle_id, b.solar_system_ids as battle_system_ids, b.kill_count as battle_kill_count,
      b.started_at as battle_started_at, b.ended_at as battle_ended_at,
      (select ${agg(sql, sql`order by r.damage_done desc, r.attacker_index`)} from attackers r) as attackers_json,
      (select ${agg(sql, sql`order by r.item_index`)} from (
        select i.item_index, i.parent_index, i.type_id, i.flag, i.slot, i.singleton, i.quantity_dropped, i.quantity_destroyed,
          i.unit_price, i.price_source, (select p.inputs from price_inputs p where p.price_inputs_id = i.price_inputs_id) as price_inputs
        from ${from.items} i where i.killmail_id = ${killmailId} ${from.atTime("i")}) r) as items_json,
      (select ${agg(sql, sql`order by r.killmail_time desc, r.killmail_id desc`)} from related r) as related_json,
      (select ${agg(sql, sql``)} from (
        select e.entity_kind, e.entity_id, e.name, e.ticker from keys join entities e on e.entity_kind = keys.kind and e.entity_id = keys.id) r
      ) as names_json
    from found f
    left join lateral (select b.* from battle_kills bk join battles b using (battle_id) where bk.killmail_id = f.killmail_id limit 1) b on true`;
  return row;
}
