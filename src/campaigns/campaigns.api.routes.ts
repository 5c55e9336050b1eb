/**
 * `/api/v1/campaigns/<id>`: the campaign, its filter and its totals (loadCampaignTotals, as its page shows them);
 * its kills are `/api/v1/killmails?campaign=<id>` (listCampaignKillmailsForApi).
 */
import { Hono } from "hono";
import { readParams } from "../present/present.validate.ts";
import type { Sql } from "../db/db.client.ts";
import type { KillmailFilter } from "../killmails/killmail.queries.ts";
import { createCampaignRepository } from "./campaigns.repository.ts";
import { getCampaign, loadCampaignTotals } from "./campaigns.usecases.ts";
import { campaignParams } from "./campaigns.schemas.ts";

/** A page of the campaign's kills for the list API: its paging and time fields narrow the campaign's own filter. */
export async function listCampaignKillmailsForApi({ sql, id, filter }: { sql: Sql; id: number; filter: Pick<KillmailFilter, "cursor" | "since" | "until" | "limit"> }) {
  const campaign = await getCampaign({ sql, id });
  return createCampaignRepository({ sql }).listKillmailJsonForApi({ filter: campaign.filter, page: filter });
}

export function createCampaignApiRoutes({ sql }: { sql: Sql }) {
  return new Hono().get("/:id", async (c) => {
    const { id } = readParams({ c, schema: campaignParams });
    const campaign = await getCampaign({ sql, id });
    const totals = await loadCampaignTotals({ sql, campaign });
    const { createdBy, ...shown } = campaign;
    return c.json({ ...shown, owned: createdBy !== null, url: `/campaign/${id}/`, killmails: `/api/v1/killmails?campaign=${id}`, totals },
      200, { "Cache-Control": "public, max-age=30" });
  });
}
