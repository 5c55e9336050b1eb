/**
 * Our own protocol at `/ws/v1`, pure. A socket holds one filter (the `/api/v1/killmails` match fields) and a
 * cursor: the last sequence number it has been sent or shown. Everything is delivered in sequence order, so the
 * cursor is all a client needs to resume exactly.
 */
import { z } from "zod";
import { listZodProblems } from "../app/zod.ts";
import { toLiveFilter } from "./live.filter.ts";
import { campaignLiveFilterSchema } from "./live.schemas.ts";
import { toKillmailJson } from "../killmails/killmail.zkb.ts";
import type { LiveFilter, LiveRecord } from "./live.types.ts";
import { absoluteUrl } from "../present/present.urls.ts";
import { campaignKeyOf } from "../campaigns/campaigns.models.ts";

const sequence = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const messageSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("subscribe"), filter: z.record(z.string(), z.unknown()).default({}), after: sequence.optional() }),
  z.strictObject({ action: z.literal("resume"), after: sequence }),
  z.strictObject({ action: z.literal("unsubscribe") }),
  z.strictObject({ action: z.literal("ping") }),
], { error: 'action must be subscribe, resume, unsubscribe or ping' });

export type V1Message =
  /** With `campaign` the filter is that campaign's, which the handler reads from PostgreSQL. */
  | { action: "subscribe"; filter: LiveFilter; query: Record<string, unknown>; after?: number; campaign?: number }
  | { action: "resume"; after: number }
  | { action: "unsubscribe" }
  | { action: "ping" };

/** A parsed message, or the problems as `path: message` (a bad filter field reads `filter.entityId: …`). */
export function parseV1Message({ text }: { text: string }): { message: V1Message } | { problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problems: ['(root): not JSON; send {"action":"subscribe","filter":{}}'] };
  }
  const parsed = messageSchema.safeParse(json);
  if (!parsed.success) return { problems: listZodProblems({ error: parsed.error }) };
  if (parsed.data.action !== "subscribe") return { message: parsed.data };
  const filter = campaignLiveFilterSchema.safeParse(parsed.data.filter);
  if (!filter.success) return { problems: listZodProblems({ error: filter.error, prefix: "filter" }) };
  const { campaign } = filter.data;
  return { message: { action: "subscribe", filter: toLiveFilter(filter.data), query: parsed.data.filter, after: parsed.data.after, ...(campaign ? { campaign } : {}) } };
}

/** `?after=<n>` on connect: a number, or a problem. */
export function parseAfterParam({ value }: { value: string | null }): { after?: number; problem?: string } {
  if (value === null) return {};
  return /^\d{1,15}$/.test(value) ? { after: Number(value) } : { problem: "after: must be a sequence number" };
}

/**
 * The one index key a filter is found under: its most selective condition. A record is offered to the sockets
 * under every key it has (recordKeysOf), then matched in full, so a kill costs the sockets that could want it.
 */
export function filterKeyOf({ filter }: { filter: LiveFilter }) {
  if (filter.campaign) return campaignKeyOf({ filter: filter.campaign });
  if (filter.entity) return `e:${filter.entity.kind}:${filter.entity.id}`;
  if (filter.solarSystemId !== undefined) return `s:${filter.solarSystemId}`;
  if (filter.constellationId !== undefined) return `c:${filter.constellationId}`;
  if (filter.regionId !== undefined) return `r:${filter.regionId}`;
  if (filter.shipGroupId !== undefined) return `g:${filter.shipGroupId}`;
  if (filter.labels?.length) return `l:${filter.labels[0]}`;
  return "*";
}

export function recordKeysOf({ record }: { record: LiveRecord }) {
  const keys = new Set(["*", `s:${record.solarSystemId}`]);
  for (const entry of record.involvement) keys.add(`e:${entry.kind}:${entry.id}`);
  if (record.constellationId) keys.add(`c:${record.constellationId}`);
  if (record.regionId) keys.add(`r:${record.regionId}`);
  if (record.victimShipGroupId) keys.add(`g:${record.victimShipGroupId}`);
  for (const label of record.zkb.labels) keys.add(`l:${label}`);
  return keys;
}

export const v1KillmailFrame = ({ record }: { record: LiveRecord }) =>
  `{"type":"killmail","sequence":${record.sequence},"data":${toKillmailJson({ esiText: record.esiText, zkb: record.zkb })}}`;

/** Numbers after `after` up to `through` were stored before the retained window: the list API pages them. */
export function gapMessage({ after, through, query, publicUrl }: { after: number; through: number; query: Record<string, unknown>; publicUrl: string }) {
  const url = new URL(absoluteUrl({ publicUrl, path: "/api/v1/killmails" }));
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
  }
  return {
    type: "gap", after, through, missed: through - after,
    message: "these killmails are older than the retained window: page them from url, then carry on from here", url: url.toString(),
  };
}

export const v1Error = ({ problems }: { problems: string[] }) => JSON.stringify({ type: "error", message: problems.join("; "), problems });
