/**
 * A campaign's top lists and activity, computed on the fly (a campaign is any filter: no rollup can hold them)
 * over its newest CAMPAIGN_STATS_SCAN kills, so a campaign without a time range still costs a bounded read.
 */
import type { Sql } from "../db/db.client.ts";
import { campaignConditions } from "./campaigns.repository.ts";
import type { CampaignFilter } from "./campaigns.schemas.ts";

/** Kills the top lists and the heatmap read at most; the page says so when a campaign has more. */
export const CAMPAIGN_STATS_SCAN = 20_000;
export const CAMPAIGN_TOP_PLAYER_KINDS = ["character", "corporation", "alliance"] as const;
export type CampaignTopKind = (typeof CAMPAIGN_TOP_PLAYER_KINDS)[number];

type Ranked = { id: number; count: number }[];

export function createCampaignStatsRepository({ sql }: { sql: Sql }) {
  const matched = (filter: CampaignFilter) => sql`(select k.killmail_id, k.killmail_time, k.victim_ship_type_id, k.solar_system_id
    from killmails k where true ${campaignConditions({ sql, filter })}
    order by k.killmail_time desc, k.killmail_id desc limit ${CAMPAIGN_STATS_SCAN}) m`;
  return {
    /** Players by kills they took part in as attackers. */
    topAttackers: ({ filter, kind, limit }: { filter: CampaignFilter; kind: CampaignTopKind; limit: number }) => sql<Ranked>`
      select i.entity_id as id, count(*)::int as count from ${matched(filter)}
      join killmail_involvement i on i.killmail_id = m.killmail_id and i.killmail_time = m.killmail_time
      where i.entity_kind = ${kind} and not i.is_victim
      group by 1 order by 2 desc, 1 limit ${limit}`,
    /** Ship types destroyed. */
    topShipsLost: ({ filter, limit }: { filter: CampaignFilter; limit: number }) => sql<Ranked>`
      select m.victim_ship_type_id as id, count(*)::int as count from ${matched(filter)} group by 1 order by 2 desc, 1 limit ${limit}`,
    topSystems: ({ filter, limit }: { filter: CampaignFilter; limit: number }) => sql<Ranked>`
      select m.solar_system_id as id, count(*)::int as count from ${matched(filter)} group by 1 order by 2 desc, 1 limit ${limit}`,
    /** Kills by UTC weekday (0 = Sunday) and hour, as the entity pages' heatmap takes them. */
    activity: ({ filter }: { filter: CampaignFilter }) => sql<{ dow: number; hour: number; kills: number }[]>`
      select extract(dow from m.killmail_time at time zone 'UTC')::int as dow,
        extract(hour from m.killmail_time at time zone 'UTC')::int as hour, count(*)::int as kills
      from ${matched(filter)} group by 1, 2`,
  };
}
