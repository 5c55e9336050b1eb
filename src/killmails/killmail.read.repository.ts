/**
 * Read side of the killmail tables. Every list is keyset-paged on (killmail_time desc, killmail_id desc).
 * "Kills of X" come from killmail_involvement, so an attacker who did 1% of the damage still sees the kill.
 */
import type { Sql } from "../db/db.client.ts";
import type { PriceInputs } from "../prices/prices.types.ts";
import type { KillmailFilter } from "./killmail.queries.ts";
import { priceInputsTextOf } from "./price-inputs.repository.ts";

export type KillmailSummary = {
  killmailId: number; killmailTime: Date; solarSystemId: number; security: number | null; regionId: number | null;
  victimCharacterId: number | null; victimCorporationId: number | null; victimAllianceId: number | null;
  victimShipTypeId: number; victimShipGroupId: number | null;
  finalBlowCharacterId: number | null; finalBlowCorporationId: number | null; finalBlowAllianceId: number | null;
  finalBlowShipTypeId: number | null; attackerCount: number; totalValue: number; points: number; labels: string[];
  solo: boolean; npc: boolean; awox: boolean;
};

export type KillmailApiRow = KillmailSummary & {
  hash: string | null; locationId: number | null; fittedValue: number; droppedValue: number; destroyedValue: number;
  /** The ESI body as stored text: the client's camelCase transform must not touch ESI's snake_case keys. */
  esiText: string;
};

export const summaryColumns = (sql: Sql) => sql`
  k.killmail_id, k.killmail_time, k.solar_system_id, k.security, k.region_id, k.victim_character_id,
  k.victim_corporation_id, k.victim_alliance_id, k.victim_ship_type_id, k.victim_ship_group_id,
  k.final_blow_character_id, k.final_blow_corporation_id, k.final_blow_alliance_id, k.final_blow_ship_type_id,
  k.attacker_count, k.total_value, k.points, k.labels, k.solo, k.npc, k.awox`;

/** A killmail's own columns but its ESI body, which the kill page rebuilds from the attacker and item rows. */
export const detailColumns = (sql: Sql) => sql`${summaryColumns(sql)}, k.hash, k.location_id, k.fitted_value, k.dropped_value, k.destroyed_value`;
export const apiColumns = (sql: Sql) => sql`${detailColumns(sql)}, k.esi::text as esi_text`;

/** The zkb fields after locationID, in toZkb's order. */
const zkbFields = (sql: Sql) => sql`k.hash, k.fitted_value as "fittedValue", k.dropped_value as "droppedValue",
  k.destroyed_value as "destroyedValue", k.total_value as "totalValue", k.points, k.npc, k.solo, k.awox, k.labels,
  k.attacker_count as "attackerCount", 'https://esi.evetech.net/killmails/' || k.killmail_id || '/' || coalesce(k.hash, 'null') || '/' as href`;

/**
 * A list's API elements built by PostgreSQL (`api_json`: the stored ESI text with `zkb` as its last key, the shape
 * of toZkbKillmailJson, a test holds them equal) and the keys its cursor needs. Decoding 28 columns a row and
 * re-encoding them was most of the serve process's time on a 50-kill API list.
 */
export const apiJsonColumns = (sql: Sql) => sql`k.killmail_id, k.killmail_time, left(k.esi::text, -1) || ',"zkb":' || case
  when k.location_id is null then (select row_to_json(z)::text from (select ${zkbFields(sql)}) z)
  else (select row_to_json(z)::text from (select k.location_id as "locationID", ${zkbFields(sql)}) z) end || '}' as api_json`;
export type KillmailApiJson = { killmailId: number; killmailTime: Date; apiJson: string };

function roleCondition(sql: Sql, role: NonNullable<KillmailFilter["entity"]>["role"]) {
  if (role === "victim") return sql`and i.is_victim`;
  if (role === "attacker") return sql`and not i.is_victim`;
  if (role === "finalblow") return sql`and not i.is_victim and i.is_final_blow`;
  return sql``;
}

function killmailConditions(sql: Sql, filter: KillmailFilter) {
  const { cursor } = filter;
  return sql`
    ${filter.labels?.length ? sql`and k.labels @> ${filter.labels}::text[]` : sql``}
    ${filter.minValue != null ? sql`and k.total_value >= ${filter.minValue}` : sql``}
    ${filter.maxValue != null ? sql`and k.total_value <= ${filter.maxValue}` : sql``}
    ${filter.solarSystemId != null ? sql`and k.solar_system_id = ${filter.solarSystemId}` : sql``}
    ${filter.constellationId != null ? sql`and k.constellation_id = ${filter.constellationId}` : sql``}
    ${filter.regionId != null ? sql`and k.region_id = ${filter.regionId}` : sql``}
    ${filter.shipGroupId != null ? sql`and k.victim_ship_group_id = ${filter.shipGroupId}` : sql``}
    ${filter.npc != null ? sql`and k.npc = ${filter.npc}` : sql``}
    ${filter.awox != null ? sql`and k.awox = ${filter.awox}` : sql``}
    ${filter.warId != null ? sql`and k.war_id = ${filter.warId}` : sql``}
    ${filter.locationId != null ? sql`and k.location_id = ${filter.locationId}` : sql``}
    ${filter.killmailId != null ? sql`and k.killmail_id = ${filter.killmailId}
      and k.killmail_time = (select killmail_time from killmail_ids where killmail_id = ${filter.killmailId})` : sql``}
    ${filter.since ? sql`and k.killmail_time >= ${filter.since}` : sql``}
    ${filter.until ? sql`and k.killmail_time < ${filter.until}` : sql``}
    ${cursor ? sql`and (k.killmail_time, k.killmail_id) < (${cursor.time}, ${cursor.id})` : sql``}
    ${(filter.alsoInvolved ?? []).reduce((conditions, other) => sql`${conditions} and exists (select 1 from killmail_involvement o
      where o.killmail_id = k.killmail_id and o.killmail_time = k.killmail_time
        and o.entity_kind = ${other.kind} and o.entity_id = ${other.id})`, sql``)}`;
}

/** Filters that only the killmail row can answer; without them the involvement index alone picks the page. */
const KILLMAIL_ONLY_FILTERS = ["labels", "minValue", "maxValue", "solarSystemId", "constellationId", "regionId", "shipGroupId",
  "npc", "awox", "warId", "locationId", "killmailId", "alsoInvolved"] as const;

function pickInvolved(sql: Sql, filter: KillmailFilter, isVictim: boolean | null, limit: number | null) {
  const entity = filter.entity!;
  return sql`
    select i.killmail_id, i.killmail_time from killmail_involvement i
    where i.entity_kind = ${entity.kind} and i.entity_id = ${entity.id}
    ${isVictim === null ? roleCondition(sql, entity.role) : sql`and i.is_victim = ${isVictim}`}
    ${filter.since ? sql`and i.killmail_time >= ${filter.since}` : sql``}
    ${filter.until ? sql`and i.killmail_time < ${filter.until}` : sql``}
    ${filter.cursor ? sql`and (i.killmail_time, i.killmail_id) < (${filter.cursor.time}, ${filter.cursor.id})` : sql``}
    ${limit === null ? sql`` : sql`order by i.killmail_time desc, i.killmail_id desc limit ${limit}`}`;
}

function selectKillmails(sql: Sql, filter: KillmailFilter, columns: ReturnType<typeof summaryColumns>) {
  const { entity } = filter;
  const offset = filter.offset ?? 0;
  if (!entity) {
    return sql`select ${columns} from killmails k where true ${killmailConditions(sql, filter)}
      order by k.killmail_time desc, k.killmail_id desc limit ${filter.limit} offset ${offset}`;
  }
  // With no killmail-level filter the page is decided on the involvement index (limit inside: the planner
  // cannot see that the join keeps the order). "any" is both sides merged; union keeps an awox kill once.
  const narrow = KILLMAIL_ONLY_FILTERS.every((key) => filter[key] == null || (Array.isArray(filter[key]) && !filter[key].length));
  const inner = narrow ? filter.limit + offset : null;
  const picked = entity.role === "any"
    ? sql`(${pickInvolved(sql, filter, true, inner)}) union (${pickInvolved(sql, filter, false, inner)})`
    : pickInvolved(sql, filter, null, inner);
  return sql`select ${columns} from (${picked}) i
    join killmails k on k.killmail_id = i.killmail_id and k.killmail_time = i.killmail_time
    where true ${killmailConditions(sql, filter)}
    order by i.killmail_time desc, i.killmail_id desc limit ${filter.limit} offset ${offset}`;
}

export type KillmailDetail = Omit<KillmailApiRow, "esiText"> & {
  constellationId: number | null; victimFactionId: number | null; victimDamageTaken: number; warId: number | null;
  spaceClass: string; moonId: number | null;
};
export type AttackerRow = {
  attackerIndex: number; characterId: number | null; corporationId: number | null; allianceId: number | null;
  factionId: number | null; shipTypeId: number | null; weaponTypeId: number | null; damageDone: number;
  damageShare: number; finalBlow: boolean; securityStatus: number;
};
export type ItemRow = {
  itemIndex: number; parentIndex: number | null; typeId: number; flag: number; slot: string; singleton: number;
  quantityDropped: number; quantityDestroyed: number; unitPrice: number; priceSource: string;
  /** What the price was computed from ("why this value"); null for prices stored before it was kept. */
  priceInputs?: PriceInputs | null;
};

/** The hull's price as stored with the total; every field null on a kill stored before it was kept. */
export type StoredHull = { unitPrice: number | null; priceSource: string | null; inputs: PriceInputs | null };

// jsonb as text: the camelCase transform must not touch what the resolver wrote.
const parseInputs = (text: string | null) => (text === null ? null : JSON.parse(text));
export const hullColumns = (sql: Sql) => sql`k.hull_unit_price, k.hull_price_source, ${priceInputsTextOf(sql, sql`k.hull_price_inputs_id`)} as hull_price_inputs_text`;
export type HullColumns = { hullUnitPrice: number | null; hullPriceSource: string | null; hullPriceInputsText: string | null };
export const toStoredHull = (row: HullColumns): StoredHull => ({ unitPrice: row.hullUnitPrice, priceSource: row.hullPriceSource, inputs: parseInputs(row.hullPriceInputsText) });

async function selectItems(sql: Sql, { killmailId, killmailTime }: { killmailId: number; killmailTime: Date }) {
  const items = await sql<(ItemRow & { priceInputsText: string | null })[]>`select item_index, parent_index, type_id, flag, slot, singleton, quantity_dropped,
    quantity_destroyed, unit_price, price_source, ${priceInputsTextOf(sql, sql`i.price_inputs_id`)} as price_inputs_text from killmail_items i
    where killmail_id = ${killmailId} and killmail_time = ${killmailTime} order by item_index`;
  return items.map(({ priceInputsText, ...item }): ItemRow => ({ ...item, priceInputs: parseInputs(priceInputsText) }));
}

/** The detected battle a kill belongs to (battle_kills, written by src/battles/), as the kill page links it. */
export type BattleOfKill = { battleId: number; solarSystemIds: number[]; killCount: number; startedAt: Date; endedAt: Date };
export type BattleOfKillColumns = { battleId: number | null; battleSystemIds: number[] | null; battleKillCount: number | null; battleStartedAt: Date | null; battleEndedAt: Date | null };
export const toBattleOfKill = (row: BattleOfKillColumns): BattleOfKill | null => (row.battleId === null ? null
  : { battleId: row.battleId, solarSystemIds: row.battleSystemIds!, killCount: row.battleKillCount!, startedAt: row.battleStartedAt!, endedAt: row.battleEndedAt! });

export function createKillmailReadRepository({ sql }: { sql: Sql }) {
  return {
    listKillmails: ({ filter }: { filter: KillmailFilter }) =>
      selectKillmails(sql, filter, summaryColumns(sql)) as unknown as Promise<KillmailSummary[]>,
    listKillmailsForApi: ({ filter }: { filter: KillmailFilter }) =>
      selectKillmails(sql, filter, apiColumns(sql)) as unknown as Promise<KillmailApiRow[]>,
    listKillmailJsonForApi: ({ filter }: { filter: KillmailFilter }) =>
      selectKillmails(sql, filter, apiJsonColumns(sql)) as unknown as Promise<KillmailApiJson[]>,

    /** The most valuable killmails since a moment (front page "top ISK kills"). */
    listTopValueKillmails: ({ since, limit }: { since: Date; limit: number }) => sql<KillmailSummary[]>`
      select ${summaryColumns(sql)} from killmails k where k.killmail_time >= ${since}
      order by k.total_value desc, k.killmail_id desc limit ${limit}`,

    /** The stored prices of a killmail whose row is already read: its items and its hull, from its one partition. */
    async findKillmailPrices({ killmailId, killmailTime }: { killmailId: number; killmailTime: Date }) {
      const key = sql`killmail_id = ${killmailId} and killmail_time = ${killmailTime}`;
      const [[row], items] = await Promise.all([
        sql<HullColumns[]>`select ${hullColumns(sql)} from killmails k where ${key}`,
        selectItems(sql, { killmailId, killmailTime }),
      ]);
      return row ? { items, hull: toStoredHull(row) } : null;
    },

    /**
     * Killmails since `since` where a type was destroyed or dropped (not the victim's hull: that is the ship page's),
     * with how many went each way and their value; newest first, or by the value destroyed for `by: "destroyed"`.
     */
    listKillmailsWithItem: ({ typeId, since, limit, by }: { typeId: number; since: Date; limit: number; by: "time" | "destroyed" }) =>
      sql<(KillmailSummary & { dropped: number; destroyed: number; destroyedValue: number })[]>`
        select ${summaryColumns(sql)}, x.dropped, x.destroyed, x.destroyed_value from (
          select killmail_id, killmail_time, sum(quantity_dropped)::float8 as dropped, sum(quantity_destroyed)::float8 as destroyed,
            sum(unit_price * quantity_destroyed)::float8 as destroyed_value
          from killmail_items where type_id = ${typeId} and killmail_time >= ${since}
          group by 1, 2
          order by ${by === "time" ? sql`killmail_time desc, killmail_id desc` : sql`destroyed_value desc, killmail_id desc`}
          limit ${limit}
        ) x join killmails k on k.killmail_id = x.killmail_id and k.killmail_time = x.killmail_time
        -- repeated outside the subquery so the planner prunes the killmails partitions too
        where k.killmail_time >= ${since}
        order by ${by === "time" ? sql`k.killmail_time desc, k.killmail_id desc` : sql`x.destroyed_value desc, k.killmail_id desc`}`,

    /**
     * The time of the `rows`-th newest row of a type since `since`, or null when it has fewer: a start that bounds
     * an aggregate over a common type (ammunition is on most kills) to that many index entries. A kill's rows share
     * its time, so a start taken here never cuts a kill in half.
     */
    async findItemRowsStart({ typeId, since, rows }: { typeId: number; since: Date; rows: number }) {
      const [row] = await sql<{ killmailTime: Date }[]>`
        select killmail_time from killmail_items where type_id = ${typeId} and killmail_time >= ${since}
        order by killmail_time desc offset ${rows - 1} limit 1`;
      return row?.killmailTime ?? null;
    },

    /** The newest killmails of any of these characters, either side (an account's own feed): one involvement probe each. */
    listKillmailsOfCharacters: ({ characterIds, limit }: { characterIds: number[]; limit: number }) => sql<KillmailSummary[]>`
      select ${summaryColumns(sql)} from (
        select distinct x.killmail_id, x.killmail_time from unnest(${characterIds}::bigint[]) as c(id)
        cross join lateral (
          select i.killmail_id, i.killmail_time from killmail_involvement i
          where i.entity_kind = 'character' and i.entity_id = c.id
          order by i.killmail_time desc, i.killmail_id desc limit ${limit}) x
      ) i join killmails k on k.killmail_id = i.killmail_id and k.killmail_time = i.killmail_time
      order by k.killmail_time desc, k.killmail_id desc limit ${limit}`,

    /** The items of many killmails in one statement (GraphQL's item loader), each row naming its killmail. */
    async listItemsOfKillmails({ keys }: { keys: { killmailId: number; killmailTime: Date }[] }) {
      if (!keys.length) return [];
      const items = await sql<(ItemRow & { killmailId: number; priceInputsText: string | null })[]>`
        select i.killmail_id, i.item_index, i.parent_index, i.type_id, i.flag, i.slot, i.singleton, i.quantity_dropped,
          i.quantity_destroyed, i.unit_price, i.price_source, ${priceInputsTextOf(sql, sql`i.price_inputs_id`)} as price_inputs_text
        from unnest(${keys.map((key) => key.killmailId)}::bigint[], ${keys.map((key) => key.killmailTime.toISOString())}::timestamptz[]) as k(killmail_id, killmail_time)
        join killmail_items i on i.killmail_id = k.killmail_id and i.killmail_time = k.killmail_time
        order by i.killmail_id, i.item_index`;
      return items.map(({ priceInputsText, ...item }) => ({ ...item, priceInputs: parseInputs(priceInputsText) }));
    },

    async findKillmailTime({ killmailId }: { killmailId: number }) {
      const [row] = await sql<{ killmailTime: Date }[]>`select killmail_time from killmail_ids where killmail_id = ${killmailId}`;
      return row?.killmailTime ?? null;
    },

    /** Ids and hashes of one UTC day, ascending (zKillboard's history file). */
    listDayHashes: ({ from, to }: { from: Date; to: Date }) => sql<{ killmailId: number; hash: string | null }[]>`
      select killmail_id, hash from killmails where killmail_time >= ${from} and killmail_time < ${to} order by killmail_id`,
  };
}
