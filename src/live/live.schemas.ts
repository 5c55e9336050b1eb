/** The live filter as zod: the very fields of `/api/v1/killmails` that say what a killmail is, no paging or time. */
import { z } from "zod";
import { killmailMatchFields, refineEntityPair } from "../api/api.schemas.ts";

export const liveFilterSchema = refineEntityPair(z.strictObject(killmailMatchFields));
export type LiveFilterQuery = z.infer<typeof liveFilterSchema>;
