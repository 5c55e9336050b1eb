/**
 * Every /api/v1 parameter as zod: validation (a 400 naming the bad parameter) and the OpenAPI document come
 * from these same schemas, so the docs cannot drift from what the server accepts.
 */
import { z } from "zod";
import { KILL_TYPES, ROLES } from "../killmails/killmail.queries.ts";
import { ENTITY_KINDS, INT4_MAX, PARTY_KINDS, TOP_KINDS, fitsKindColumn, type EntityKind } from "../vocabulary/entity-kinds.ts";
import { SEARCH_KINDS } from "../search/search.models.ts";

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const int4Id = z.coerce.number().int().positive().max(INT4_MAX, `must be a whole number from 1 to ${INT4_MAX}`);
/** Whether an entity id fits the column its kind is stored in (see INT4_ID_KINDS). */
const fitsKind = ({ kind, id }: { kind?: EntityKind; id?: number }) => kind == null || id == null || fitsKindColumn({ kind, id });
const FITS_KIND_MESSAGE = `must be at most ${INT4_MAX} for ships, groups, factions, systems, constellations and regions`;
/** Postgres text cannot hold U+0000: a NUL reaching a query fails it. */
const noNul = (text: string) => !text.includes("\0");
const isk = z.coerce.number().nonnegative().max(1e16);
const time = z.coerce.date().refine((date) => date.getTime() > Date.UTC(2003, 0, 1) && date.getTime() < Date.UTC(2100, 0, 1), "must be a date between 2003 and 2100");
const label = z.string().regex(/^[a-z0-9#:+\-]{1,32}$/i, "must be a killmail label such as solo or loc:highsec");

/**
 * What a killmail must be to match: shared by the list, the live stream (`/ws/v1`, `/api/v1/stream`) and
 * webhooks, so a filter copied from one works in the others.
 */
export const killmailMatchFields = {
  entityKind: z.enum(PARTY_KINDS).optional().describe("Kind of the entity whose killmails to list (needs entityId)"),
  entityId: id.optional().describe("Id of that entity"),
  role: z.enum(ROLES).default("any").describe("Side of the entity: victim, attacker (any attacker, not only the final blow), finalblow, or any"),
  label: z.array(label).max(5).optional().describe("Labels the killmail must all carry (repeatable), e.g. solo, loc:nullsec, isk:10b+"),
  type: z.enum(Object.keys(KILL_TYPES) as [string, ...string[]]).optional().describe("A friendly list (big, solo, awox, npc, highsec, …, capitals, structures, 5b, 10b)"),
  minValue: isk.optional().describe("Minimum total value in ISK"),
  maxValue: isk.optional().describe("Maximum total value in ISK"),
  solarSystemId: int4Id.optional().describe("Solar system"),
  constellationId: int4Id.optional().describe("Constellation"),
  regionId: int4Id.optional().describe("Region"),
  shipGroupId: int4Id.optional().describe("Victim ship group"),
};

type EntityPair = { entityKind?: EntityKind; entityId?: number };
/** The checks every schema built on killmailMatchFields adds. */
export const refineEntityPair = <S extends z.ZodType<EntityPair>>(schema: S) => schema
  .refine((query) => (query.entityKind == null) === (query.entityId == null), { message: "entityKind and entityId go together", path: ["entityId"] })
  .refine((query) => fitsKind({ kind: query.entityKind, id: query.entityId }), { message: FITS_KIND_MESSAGE, path: ["entityId"] });

/** A campaign's saved filter (src/campaigns/) in place of the match fields: the API, /ws/v1 and webhooks read the same one. */
export const campaignMatchField = {
  campaign: id.optional().describe("A campaign's id: its saved filter instead of the fields above (since, until, cursor and limit still apply); see /api/v1/campaigns/{id}"),
};

/** A campaign is a whole saved filter: a match field beside it would be ignored, or would quietly mean something else. */
export const refineCampaignAlone = <S extends z.ZodType<{ campaign?: number; role?: string }>>(schema: S) => schema.refine(
  (query) => query.campaign === undefined || Object.entries(query).every(([key, value]) =>
    !(key in killmailMatchFields) || value === undefined || (key === "role" && value === "any")),
  { message: "goes alone: a campaign's saved filter is the whole filter (only since, until, cursor and limit go with it)", path: ["campaign"] });

export const killmailListQuery = refineCampaignAlone(refineEntityPair(z.strictObject({
  ...killmailMatchFields,
  ...campaignMatchField,
  since: time.optional().describe("Killmails at or after this time (ISO 8601)"),
  until: time.optional().describe("Killmails before this time (ISO 8601)"),
  cursor: z.string().max(64).optional().describe("Opaque cursor from the previous page's nextCursor"),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("Page size, 1 to 200"),
})));

export const killmailIdParams = z.strictObject({ id: id.describe("Killmail id") });

export const killmailGetQuery = z.strictObject({
  explain: z.enum(["0", "1"]).default("0").describe("1 adds `explain`: per item (and the hull) the unit price, its source and the days or recipe behind it"),
});

export const statsParams = z.strictObject({
  kind: z.enum(ENTITY_KINDS).describe("Entity kind"),
  id: id.describe("Entity id"),
}).refine(fitsKind, { message: FITS_KIND_MESSAGE, path: ["id"] });

export const topQuery = z.strictObject({
  kind: z.enum(TOP_KINDS).default("character").describe("What to rank"),
  metric: z.enum(["kills", "points", "isk"]).default("kills").describe("Ranked by kills, points or ISK destroyed"),
  period: z.enum(["week", "alltime"]).default("week").describe("The last 7 days or all time"),
  limit: z.coerce.number().int().min(1).max(100).default(10).describe("How many, 1 to 100"),
});

export const searchQuery = z.strictObject({
  q: z.string().trim().min(2).max(64).refine(noNul, "must not contain a NUL character").describe("At least two characters of a name or ticker"),
  limit: z.coerce.number().int().min(1).max(50).default(10).describe("How many results, 1 to 50"),
  kind: z.enum(SEARCH_KINDS).optional().describe("Only this kind of result"),
});

export type KillmailListQuery = z.infer<typeof killmailListQuery>;
/** What killmailMatchFields parse to, whichever schema embeds them. */
export type KillmailMatchQuery = Pick<KillmailListQuery, keyof typeof killmailMatchFields>;
