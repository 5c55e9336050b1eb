/**
 * The ESI killmail exactly as `GET /killmails/{id}/{hash}/` defines it (shared/data/esi/openapi.json):
 * required fields are enforced, unknown fields pass through (ESI adds fields without a version bump),
 * and items nest to any depth (ESI nests one level today; containers in ships in bays could go deeper).
 */
import { z } from "zod";
import { AppError } from "../app/errors.ts";
import { listZodProblems } from "../app/zod.ts";
import type { KillmailInput, KillmailSource } from "./killmail.types.ts";
import { INT4_MAX } from "../vocabulary/entity-kinds.ts";

const id = z.number().int();
// Types, flags and solar systems are PostgreSQL `integer` columns: a larger value must fail here, naming its
// path, rather than fail the database insert of a whole batch.
const smallId = z.number().int().min(0).max(INT4_MAX);
// EVE Online opened on 2003-05-06; a kill outside these years is a broken record, not history.
const EARLIEST_KILL_MS = Date.parse("2003-01-01T00:00:00Z");
const LATEST_KILL_MS = Date.parse("2100-01-01T00:00:00Z");
const killmailTime = z.iso.datetime({ offset: true }).refine((value) => {
  const ms = Date.parse(value);
  return ms >= EARLIEST_KILL_MS && ms < LATEST_KILL_MS;
}, "expected a time between 2003 and 2100");

export type EsiItem = {
  flag: number;
  item_type_id: number;
  singleton: number;
  quantity_destroyed?: number;
  quantity_dropped?: number;
  items?: EsiItem[];
  [extra: string]: unknown;
};

export const esiItemSchema: z.ZodType<EsiItem> = z.lazy(() =>
  z.looseObject({
    flag: smallId,
    item_type_id: smallId,
    singleton: smallId,
    quantity_destroyed: id.nonnegative().optional(),
    quantity_dropped: id.nonnegative().optional(),
    items: z.array(esiItemSchema).optional(),
  }),
);

const positionSchema = z.looseObject({ x: z.number(), y: z.number(), z: z.number() });

export const esiAttackerSchema = z.looseObject({
  alliance_id: id.optional(),
  character_id: id.optional(),
  corporation_id: id.optional(),
  damage_done: id,
  faction_id: id.optional(),
  final_blow: z.boolean(),
  security_status: z.number(),
  ship_type_id: smallId.optional(),
  weapon_type_id: smallId.optional(),
});

export const esiVictimSchema = z.looseObject({
  alliance_id: id.optional(),
  character_id: id.optional(),
  corporation_id: id.optional(),
  damage_taken: id,
  faction_id: id.optional(),
  items: z.array(esiItemSchema).optional(),
  position: positionSchema.optional(),
  ship_type_id: smallId,
});

export const esiKillmailSchema = z.looseObject({
  attackers: z.array(esiAttackerSchema),
  killmail_id: id.positive(),
  killmail_time: killmailTime,
  moon_id: id.optional(),
  solar_system_id: smallId,
  victim: esiVictimSchema,
  war_id: id.optional(),
});

export type EsiKillmail = z.infer<typeof esiKillmailSchema>;
export type EsiAttacker = z.infer<typeof esiAttackerSchema>;

/** A 40-hex killmail hash; null where no public source gives it (killmail.types.ts KillmailInput.hash). */
export const killmailHashSchema = z.string().regex(/^[0-9a-f]{40}$/i, "expected 40 hex characters").nullable();

/** One line of a killmail archive or feed: `{killmail_id, hash, esi, zkb?}` (shared/data/killmails.jsonl). */
export const killmailRecordSchema = z.looseObject({
  killmail_id: id.positive(),
  hash: killmailHashSchema,
  esi: esiKillmailSchema,
  zkb: z.unknown().optional(),
});

export function createKillmailInvalidError({ problems }: { problems: string[] }) {
  return new AppError({ code: "killmail.invalid", message: `Invalid killmail: ${problems.join("; ")}`, status: 400, details: problems });
}

const isRecord = (json: unknown): json is Record<string, unknown> =>
  typeof json === "object" && json !== null && "esi" in json;

/** Accepts a bare ESI body or a `{killmail_id, hash, esi, zkb?}` record; throws `killmail.invalid` naming the path. */
export function parseKillmailInput({ json, source, firstSeenAt, hash }: {
  json: unknown;
  source: KillmailSource;
  firstSeenAt: Date;
  hash?: string | null;
}): KillmailInput {
  if (isRecord(json)) {
    const parsed = killmailRecordSchema.safeParse(json);
    if (!parsed.success) throw createKillmailInvalidError({ problems: listZodProblems({ error: parsed.error, prefix: "" }) });
    const record = parsed.data;
    if (record.killmail_id !== record.esi.killmail_id) {
      throw createKillmailInvalidError({ problems: [`esi.killmail_id: ${record.esi.killmail_id} does not match killmail_id ${record.killmail_id}`] });
    }
    const input: KillmailInput = { killmailId: record.killmail_id, hash: record.hash, esi: record.esi, source, firstSeenAt };
    if (record.zkb !== undefined) input.upstreamZkb = record.zkb;
    return input;
  }
  const parsed = esiKillmailSchema.safeParse(json);
  if (!parsed.success) throw createKillmailInvalidError({ problems: listZodProblems({ error: parsed.error, prefix: "" }) });
  const checkedHash = killmailHashSchema.safeParse(hash ?? null);
  if (!checkedHash.success) throw createKillmailInvalidError({ problems: listZodProblems({ error: checkedHash.error, prefix: "hash" }) });
  return { killmailId: parsed.data.killmail_id, hash: checkedHash.data, esi: parsed.data, source, firstSeenAt };
}
