/**
 * Campaigns on the live surfaces: `/ws/v1` reads a campaign's filter when a socket subscribes by it, the webhook
 * dispatcher when it first meets a webhook of it. Both then match with matchesCampaign, the page and the API with
 * the same filter in SQL. A campaign's filter is never edited (migration 00020), so a copy read once stays right.
 */
import type { Sql } from "../db/db.client.ts";
import { toLiveFilter } from "./live.filter.ts";
import type { CampaignLiveFilterQuery } from "./live.schemas.ts";
import type { LiveFilter } from "./live.types.ts";
import { createCampaignRepository } from "../campaigns/campaigns.repository.ts";
import type { CampaignFilter } from "../campaigns/campaigns.schemas.ts";

export function createCampaignFilterLoader({ sql }: { sql: Sql }) {
  const repository = createCampaignRepository({ sql });
  return async ({ id }: { id: number }) => (await repository.findCampaign({ id }))?.filter ?? null;
}

/**
 * A live filter query as the filter to match with. A campaign that is not there (yet: an id given before it was
 * made) is null, and is looked up again next time; one found is kept.
 */
export function createLiveFilterResolver({ sql }: { sql: Sql }) {
  const load = createCampaignFilterLoader({ sql });
  const found = new Map<number, CampaignFilter>();
  return async ({ query }: { query: CampaignLiveFilterQuery }): Promise<LiveFilter | null> => {
    if (query.campaign === undefined) return toLiveFilter(query);
    const known = found.get(query.campaign) ?? (await load({ id: query.campaign }));
    if (known) found.set(query.campaign, known);
    return known ? { campaign: known } : null;
  };
}
