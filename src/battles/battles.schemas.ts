/**
 * Battle parameters as zod. Sides are moved with `?left=` / `?right=`: comma-separated parties `kind:id`, kind
 * `alliance` or `corporation` (e.g. `?left=alliance:99000001,corporation:98000002`). A corporation named moves
 * alone, out of its alliance's side. zKillboard's `/related/<systemID>/<YYYYMMDDHH00>/` names the hour.
 */
import { z } from "zod";

const MAX_PARTIES = 200;
const PARTY = /^(alliance|corporation):[1-9]\d{0,15}$/;
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const partyList = z.string().max(MAX_PARTIES * 30).optional()
  .transform((value, context) => {
    const parties = [...new Set((value ?? "").split(",").map((entry) => entry.trim()).filter(Boolean))];
    const bad = parties.find((party) => !PARTY.test(party));
    if (bad !== undefined) context.addIssue({ code: "custom", message: `${JSON.stringify(bad.slice(0, 40))} is not a party: use alliance:<id> or corporation:<id>, comma-separated` });
    if (parties.length > MAX_PARTIES) context.addIssue({ code: "custom", message: `at most ${MAX_PARTIES} parties` });
    return parties;
  });

export const sidesQuery = z.strictObject({
  left: partyList.describe("Parties to put on the left side: alliance:<id> or corporation:<id>, comma-separated"),
  right: partyList.describe("Parties to put on the right side, as for left"),
});

export const battleIdParams = z.strictObject({ id: id.describe("Battle id") });
export const reportIdParams = z.strictObject({ id: id.describe("Saved report id") });

/** `YYYYMMDDHH00` (zKillboard's related-kills hour) as the hour's start. */
const hour = z.string().regex(/^\d{10}00$/, "must be YYYYMMDDHH00, e.g. 202401311800").transform((text, context) => {
  const date = new Date(Date.UTC(Number(text.slice(0, 4)), Number(text.slice(4, 6)) - 1, Number(text.slice(6, 8)), Number(text.slice(8, 10))));
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 13).replace(/\D/g, "") !== text.slice(0, 10)) {
    context.addIssue({ code: "custom", message: "is not a real hour" });
  }
  return date;
});

export const relatedParams = z.strictObject({
  system: z.coerce.number().int().min(30_000_000).max(33_000_000).describe("Solar system id"),
  time: hour.describe("The hour, YYYYMMDDHH00 (UTC)"),
});

/** The form that saves a report: where its kills come from, and the sides as shown. */
export const reportForm = z.strictObject({
  source: z.string().regex(/^(battle:[1-9]\d{0,15}|related:\d{8}:\d{12})$/, "must be battle:<id> or related:<systemID>:<YYYYMMDDHH00>"),
  left: partyList,
  right: partyList,
});

/** A list position: the last battle shown, as `<ended_at ms>.<battle_id>` (keyset on the list's order). */
const battleCursor = z.string().regex(/^\d{1,15}\.\d{1,15}$/, "must be a cursor from this list").transform((text) => {
  const [endedMs, battleId] = text.split(".").map(Number) as [number, number];
  return { endedAt: new Date(endedMs), battleId };
});
export const encodeBattleCursor = ({ endedAt, battleId }: { endedAt: Date; battleId: number }) => `${endedAt.getTime()}.${battleId}`;

const systemId = z.coerce.number().int().min(30_000_000).max(33_000_000);
// Region ids: 10000001… (k-space), 11000001… (wormholes), 12000001… (abyssal), 14000001… (void).
const regionId = z.coerce.number().int().min(10_000_000).max(14_999_999);
const minKills = z.coerce.number().int().min(1).max(1_000_000);

/** A form's empty field means "any", not 0. */
const orEmpty = <S extends z.ZodType>(schema: S) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/** `/battles/`: `?system=` / `?region=` (a battle touching it), `?minKills=`, and `?after=` for the next page. */
export const battlePageQuery = z.strictObject({
  system: orEmpty(systemId),
  region: orEmpty(regionId),
  minKills: orEmpty(minKills),
  after: battleCursor.optional(),
});

export const battleListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe("Page size, 1 to 100"),
  cursor: battleCursor.optional().describe("nextCursor of the previous page"),
  solarSystemId: systemId.optional().describe("Only battles with kills in this solar system"),
  regionId: regionId.optional().describe("Only battles with kills in this region"),
  minKills: minKills.optional().describe("Only battles of at least this many kills"),
});

export type ReportForm = z.infer<typeof reportForm>;
