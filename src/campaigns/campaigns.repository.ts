/**
 * Campaigns' rows and the one query of what a campaign's filter matches (campaignConditions): its kills list, its
 * totals and its top lists all read `killmails k where <conditions>`, so none can count a kill another leaves out.
 * It means exactly what campaigns.models.ts matchesCampaign means (campaigns.sql.int.test.ts holds them to it).
 */
import type { Sql } from "../db/db.client.ts";
import type { KillmailCursor } from "../killmails/killmail.queries.ts";
import { apiJsonColumns, summaryColumns, type KillmailApiJson, type KillmailSummary } from "../killmails/killmail.read.repository.ts";
import type { CampaignFilter } from "./campaigns.schemas.ts";

export type Campaign = { id: number; name: string; description: string | null; filter: CampaignFilter; createdBy: number | null; createdAt: Date };
type CampaignRow = Omit<Campaign, "filter"> & { filterText: string };

// jsonb as text: the camelCase transform would rename nothing here, but a filter is read exactly as it was written.
const toCampaign = ({ filterText, ...row }: CampaignRow): Campaign => ({ ...row, filter: JSON.parse(filterText) });
const COLUMNS = (sql: Sql) => sql`id, name, description, filter::text as filter_text, created_by, created_at`;

type Entity = { kind: string; id: number };

const pairsOf = (sql: Sql, entities: Entity[]) =>
  sql`(select * from unnest(${entities.map((e) => e.kind)}::text[], ${entities.map((e) => e.id)}::bigint[]))`;

/** Some involvement row of the kill names one of `entities`, on the side given (null: either side). */
function involved(sql: Sql, entities: Entity[], victim: boolean | null) {
  return sql`exists (select 1 from killmail_involvement i
    where i.killmail_id = k.killmail_id and i.killmail_time = k.killmail_time
      and (i.entity_kind, i.entity_id) in ${pairsOf(sql, entities)}
      ${victim === null ? sql`` : sql`and i.is_victim = ${victim}`})`;
}

/**
 * The read's time bounds, on the involvement rows that drive it: PostgreSQL carries k.killmail_time = i.killmail_time
 * across the join but not a range, so without these the index would hand over the entities' rows of every month.
 */
function timeBounds(sql: Sql, filter: CampaignFilter, page: CampaignPage | undefined) {
  return sql`
    ${filter.from ? sql`and i.killmail_time >= ${filter.from}::timestamptz` : sql``}
    ${filter.to ? sql`and i.killmail_time < ${filter.to}::timestamptz` : sql``}
    ${page?.since ? sql`and i.killmail_time >= ${page.since}` : sql``}
    ${page?.until ? sql`and i.killmail_time < ${page.until}` : sql``}
    ${page?.cursor ? sql`and i.killmail_time <= ${page.cursor.time}` : sql``}`;
}

/**
 * A campaign naming entities is read from killmail_involvement_entity_idx (entity, side, time): only those entities'
 * rows in the range, each kill then fetched by its primary key (killmail_id, killmail_time) in its own partition.
 * An `exists` probe per kill instead read the entities' rows of every month, and with sides (an `or` of probes, which
 * PostgreSQL cannot turn into a join) probed every kill of the range: 4 to 120 times slower (bench/README.md, Campaigns).
 */
function partyCondition(sql: Sql, filter: CampaignFilter, page: CampaignPage | undefined) {
  const bounds = timeBounds(sql, filter, page);
  if (filter.entities) {
    return sql`and (k.killmail_id, k.killmail_time) in (select i.killmail_id, i.killmail_time from killmail_involvement i
      where (i.entity_kind, i.entity_id) in ${pairsOf(sql, filter.entities)} ${bounds})`;
  }
  if (!filter.sides) return sql``;
  // Either way round: a victim of one group (the index, by side and time), an attacker of the other (its kill's rows).
  const lostTo = (losers: Entity[], winners: Entity[]) => sql`select i.killmail_id, i.killmail_time from killmail_involvement i
    where i.is_victim and (i.entity_kind, i.entity_id) in ${pairsOf(sql, losers)} ${bounds}
      and exists (select 1 from killmail_involvement w where w.killmail_id = i.killmail_id and w.killmail_time = i.killmail_time
        and not w.is_victim and (w.entity_kind, w.entity_id) in ${pairsOf(sql, winners)})`;
  const { a, b } = filter.sides;
  return sql`and (k.killmail_id, k.killmail_time) in (${lostTo(a, b)} union all ${lostTo(b, a)})`;
}

function placeCondition(sql: Sql, filter: CampaignFilter) {
  if (!filter.solarSystemIds && !filter.constellationIds && !filter.regionIds) return sql``;
  return sql`and (k.solar_system_id = any(${filter.solarSystemIds ?? []}::int[]) or k.constellation_id = any(${filter.constellationIds ?? []}::int[])
    or k.region_id = any(${filter.regionIds ?? []}::int[]))`;
}

/** `and …` conditions on `killmails k`; a page's bounds, when given, also narrow what the involvement index reads. */
export function campaignConditions({ sql, filter, page }: { sql: Sql; filter: CampaignFilter; page?: CampaignPage }) {
  return sql`
    ${filter.from ? sql`and k.killmail_time >= ${filter.from}::timestamptz` : sql``}
    ${filter.to ? sql`and k.killmail_time < ${filter.to}::timestamptz` : sql``}
    ${filter.labels ? sql`and k.labels @> ${filter.labels}::text[]` : sql``}
    ${filter.minValue !== undefined ? sql`and k.total_value >= ${filter.minValue}` : sql``}
    ${filter.maxValue !== undefined ? sql`and k.total_value <= ${filter.maxValue}` : sql``}
    ${placeCondition(sql, filter)}
    ${partyCondition(sql, filter, page)}`;
}

/** A page of the list: newer than nothing, older than the cursor; `since`/`until` narrow the campaign's own range. */
export type CampaignPage = { cursor?: KillmailCursor; since?: Date; until?: Date; limit: number };

function pageConditions(sql: Sql, page: CampaignPage) {
  return sql`
    ${page.since ? sql`and k.killmail_time >= ${page.since}` : sql``}
    ${page.until ? sql`and k.killmail_time < ${page.until}` : sql``}
    ${page.cursor ? sql`and (k.killmail_time, k.killmail_id) < (${page.cursor.time}, ${page.cursor.id})` : sql``}`;
}

export function createCampaignRepository({ sql }: { sql: Sql }) {
  const select = (filter: CampaignFilter, page: CampaignPage, columns: ReturnType<typeof summaryColumns>) => sql`
    select ${columns} from killmails k where true ${campaignConditions({ sql, filter, page })} ${pageConditions(sql, page)}
    order by k.killmail_time desc, k.killmail_id desc limit ${page.limit}`;
  return {
    async insertCampaign({ name, description, filter, createdBy }: { name: string; description?: string; filter: CampaignFilter; createdBy: number | null }) {
      const [row] = await sql<CampaignRow[]>`insert into campaigns (name, description, filter, created_by)
        values (${name}, ${description ?? null}, ${sql.json(filter as never)}, ${createdBy}) returning ${COLUMNS(sql)}`;
      return toCampaign(row!);
    },
    async findCampaign({ id }: { id: number }) {
      const [row] = await sql<CampaignRow[]>`select ${COLUMNS(sql)} from campaigns where id = ${id}`;
      return row ? toCampaign(row) : null;
    },
    /** Newest first. */
    listCampaigns: async ({ limit, createdBy }: { limit: number; createdBy?: number }) =>
      (await sql<CampaignRow[]>`select ${COLUMNS(sql)} from campaigns
        ${createdBy === undefined ? sql`` : sql`where created_by = ${createdBy}`} order by id desc limit ${limit}`).map(toCampaign),

    listKillmails: ({ filter, page }: { filter: CampaignFilter; page: CampaignPage }) =>
      select(filter, page, summaryColumns(sql)) as unknown as Promise<KillmailSummary[]>,
    listKillmailJsonForApi: ({ filter, page }: { filter: CampaignFilter; page: CampaignPage }) =>
      select(filter, page, apiJsonColumns(sql)) as unknown as Promise<KillmailApiJson[]>,
    /** Every kill of the campaign, one pass: counts and ISK, and per side what it lost when the campaign has sides. */
    async totals({ filter }: { filter: CampaignFilter }) {
      const sides = filter.sides;
      const [row] = await sql<{ kills: number; iskDestroyed: number; points: number; lostA: number; iskLostA: number; lostB: number; iskLostB: number }[]>`
        select count(*)::int as kills, coalesce(sum(k.total_value), 0)::float8 as isk_destroyed, coalesce(sum(k.points), 0)::int as points,
          ${sides ? sql`count(*) filter (where ${involved(sql, sides.a, true)})::int as lost_a,
            coalesce(sum(k.total_value) filter (where ${involved(sql, sides.a, true)}), 0)::float8 as isk_lost_a,
            count(*) filter (where ${involved(sql, sides.b, true)})::int as lost_b,
            coalesce(sum(k.total_value) filter (where ${involved(sql, sides.b, true)}), 0)::float8 as isk_lost_b`
            : sql`0 as lost_a, 0 as isk_lost_a, 0 as lost_b, 0 as isk_lost_b`}
        from killmails k where true ${campaignConditions({ sql, filter })}`;
      return row!;
    },
  };
}
export type CampaignRepository = ReturnType<typeof createCampaignRepository>;
