/**
 * A campaign's filter as zod: what the CLI's `--filter`, the `/campaigns/new/` form and the stored jsonb all go
 * through. Meaning (the one matcher, campaigns.models.ts, and the one query, campaigns.repository.ts):
 * - `entities`: any of them involved, on either side (victim or attacker);
 * - or `sides: {a, b}` instead: an entity of one group lost a ship to the other (victim in a and an attacker in b,
 *   or the reverse); a group's losses are kills whose victim side has one of its entities;
 * - `solarSystemIds`, `constellationIds`, `regionIds`: the kill is in any one of them (all three lists together);
 * - `from` (inclusive) and `to` (exclusive) on the killmail's time; `labels` all of them; `minValue`/`maxValue` inclusive.
 * Whatever is left out does not narrow.
 */
import { z } from "zod";
import { listZodProblems } from "../app/zod.ts";
import { INT4_MAX } from "../vocabulary/entity-kinds.ts";
import { createCampaignInputError } from "./campaigns.errors.ts";

export const CAMPAIGN_ENTITY_KINDS = ["character", "corporation", "alliance", "faction"] as const;
export type CampaignEntityKind = (typeof CAMPAIGN_ENTITY_KINDS)[number];

/** Enough for a coalition war; the involvement query takes them as one array each. */
const MAX_LIST = 100;
const entity = z.strictObject({
  kind: z.enum(CAMPAIGN_ENTITY_KINDS, { error: "must be character, corporation, alliance or faction" }),
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
}).refine((value) => value.kind !== "faction" || value.id <= INT4_MAX, { message: `a faction id is at most ${INT4_MAX}`, path: ["id"] });
const entities = z.array(entity).min(1).max(MAX_LIST);
const places = z.array(z.number().int().positive().max(INT4_MAX)).min(1).max(MAX_LIST);
const isk = z.number().nonnegative().max(1e16);
/** Stored as ISO text (jsonb has no time type); the bounds are the API's. */
const time = z.iso.datetime({ offset: true, error: "must be an ISO 8601 time such as 2024-05-01T00:00:00Z" })
  .transform((text) => new Date(text).toISOString())
  .refine((text) => text > "2003" && text < "2100", "must be between 2003 and 2100");
const label = z.string().regex(/^[a-z0-9#:+\-]{1,32}$/i, "must be a killmail label such as solo or loc:highsec");

const key = ({ kind, id }: { kind: string; id: number }) => `${kind}:${id}`;

export const campaignFilterSchema = z.strictObject({
  entities: entities.optional(),
  sides: z.strictObject({ a: entities, b: entities }).optional(),
  solarSystemIds: places.optional(),
  constellationIds: places.optional(),
  regionIds: places.optional(),
  from: time.optional(),
  to: time.optional(),
  labels: z.array(label).min(1).max(5).optional(),
  minValue: isk.optional(),
  maxValue: isk.optional(),
})
  .refine((filter) => !(filter.entities && filter.sides), { message: "give entities or sides, not both", path: ["sides"] })
  .refine((filter) => !filter.sides || !filter.sides.a.some((one) => filter.sides!.b.some((other) => key(one) === key(other))),
    { message: "an entity cannot be on both sides", path: ["sides"] })
  .refine((filter) => !filter.from || !filter.to || filter.from < filter.to, { message: "must be after from", path: ["to"] })
  .refine((filter) => filter.minValue === undefined || filter.maxValue === undefined || filter.minValue <= filter.maxValue,
    { message: "must be at least minValue", path: ["maxValue"] });
export type CampaignFilter = z.infer<typeof campaignFilterSchema>;

export const campaignInputSchema = z.strictObject({
  name: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters").refine((text) => !text.includes("\0"), "must not contain a NUL character"),
  description: z.string().trim().max(1000, "must be at most 1000 characters").refine((text) => !text.includes("\0"), "must not contain a NUL character")
    .optional().transform((text) => text || undefined),
  filter: campaignFilterSchema,
});
export type CampaignInput = z.infer<typeof campaignInputSchema>;

export const campaignId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

function readFilterJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw createCampaignInputError({ message: `filter is not valid JSON: ${(error as Error).message}` });
  }
}

/** Name, description and the filter's JSON text → the checked input; every problem named on one line. */
export function parseCampaignInput({ name, description, filterText }: { name: unknown; description?: unknown; filterText: string }): CampaignInput {
  const parsed = campaignInputSchema.safeParse({ name, description, filter: readFilterJson(filterText.trim() || "{}") });
  if (!parsed.success) throw createCampaignInputError({ message: listZodProblems({ error: parsed.error }).join("; ") });
  return parsed.data;
}

export const campaignParams = z.strictObject({ id: campaignId.describe("Campaign id") });
