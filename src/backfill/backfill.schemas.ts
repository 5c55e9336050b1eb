/**
 * One UTC day of history as entries to hand off. The files are someone else's JSON: every key and hash is checked
 * on its own, and one that does not fit becomes a rejection carrying its reason instead of a NaN killmail id
 * that would stop the whole run (a ZodError at enqueue, a database error in `--raw`).
 */
import { z } from "zod";
import { describeZodError } from "../app/zod.ts";

export type BackfillEntry = { killmailId: number; hash: string | null; esi?: unknown };
export type BackfillRejection = { key: string; reason: string };

// Decimal without leading zeros, so "0123" and "123" can never name the same killmail twice.
const killmailIdKey = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, "expected a killmail id (a positive integer)")
  .transform(Number)
  .pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER));
const hashSchema = z.string().regex(/^[0-9a-f]{40}$/i, "expected 40 hex characters").transform((hash) => hash.toLowerCase());

// A raw body may come without a hash (then the killmail is stored without one); the hash file is all a
// queued killmail has, so there it is required.
const rawEntrySchema = z.object({ killmailId: killmailIdKey, hash: hashSchema.nullable() });
const hashEntrySchema = z.object({ killmailId: killmailIdKey, hash: hashSchema });

/** Entries sorted by killmail id, and the keys refused with their reason. */
export function readHistoryEntries({ hashes, bodies, raw }: { hashes: Record<string, unknown>; bodies: Record<string, unknown>; raw: boolean }) {
  const schema = raw ? rawEntrySchema : hashEntrySchema;
  const entries: BackfillEntry[] = [];
  const rejections: BackfillRejection[] = [];
  for (const key of new Set([...Object.keys(hashes), ...Object.keys(bodies)])) {
    const parsed = schema.safeParse({ killmailId: key, hash: hashes[key] ?? null });
    if (!parsed.success) rejections.push({ key, reason: describeZodError(parsed.error) });
    else entries.push({ ...parsed.data, ...(raw ? { esi: bodies[key] } : {}) });
  }
  entries.sort((a, b) => a.killmailId - b.killmailId);
  return { entries, rejections };
}

const entityPageEntrySchema = z.looseObject({
  killmail_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  zkb: z.looseObject({ hash: hashSchema }),
});

/** One page of zKillboard's per-entity API (`[{killmail_id, zkb: {hash}}]`); a page that is not an array fails whole. */
export function readEntityPage({ json, key }: { json: unknown; key: string }) {
  if (!Array.isArray(json)) return { entries: [], rejections: [{ key, reason: "expected a JSON array of killmails" }] };
  const entries: BackfillEntry[] = [];
  const rejections: BackfillRejection[] = [];
  json.forEach((item, index) => {
    const parsed = entityPageEntrySchema.safeParse(item);
    if (parsed.success) entries.push({ killmailId: parsed.data.killmail_id, hash: parsed.data.zkb.hash });
    else rejections.push({ key: `${key}[${index}]`, reason: describeZodError(parsed.error) });
  });
  return { entries, rejections };
}
