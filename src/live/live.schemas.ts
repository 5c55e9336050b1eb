/** The live filter as zod: the very fields of `/api/v1/killmails` that say what a killmail is, no paging or time. */
import { z } from "zod";
import { campaignMatchField, killmailMatchFields, refineCampaignAlone, refineEntityPair } from "../api/api.schemas.ts";

export const liveFilterSchema = refineEntityPair(z.strictObject(killmailMatchFields));
export type LiveFilterQuery = z.infer<typeof liveFilterSchema>;

/**
 * `/ws/v1` and webhooks also take `{campaign: <id>}`: its saved filter, read from PostgreSQL when subscribed or
 * dispatched (live.campaigns.ts), since a campaign is more than the match fields can say.
 */
export const campaignLiveFilterSchema = refineCampaignAlone(refineEntityPair(z.strictObject({ ...killmailMatchFields, ...campaignMatchField })));
export type CampaignLiveFilterQuery = z.infer<typeof campaignLiveFilterSchema>;
