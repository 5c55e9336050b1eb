/**
 * Job payloads, validated on both ends: the producer refuses to enqueue a malformed job, the worker refuses to
 * run one (an old payload shape left in Redis after a deploy fails loudly instead of storing garbage).
 */
import { z } from "zod";
import { KILLMAIL_SOURCES } from "../killmails/killmail.types.ts";

/**
 * One killmail to ingest. `esi` stays `unknown` here on purpose: a feed's body is validated by the worker so a
 * bad body becomes a failed job carrying the reason, not a listener crash or a silently skipped entry.
 */
export const killmailJobSchema = z.object({
  killmailId: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{40}$/i).nullable(),
  esi: z.unknown().optional(),
  zkb: z.unknown().optional(),
  source: z.enum(KILLMAIL_SOURCES),
  /** ISO time the first feed saw it; storage derives ingest latency from it. */
  firstSeenAt: z.iso.datetime(),
});
export type KillmailJob = z.infer<typeof killmailJobSchema>;

/** One delivery of one kill (a live sequence number) to one webhook; both are read afresh when it runs. */
export const webhookJobSchema = z.object({
  webhookId: z.number().int().positive(),
  sequence: z.number().int().positive(),
});
export type WebhookJob = z.infer<typeof webhookJobSchema>;

/** A sweep: the worker resolves whatever entities are unknown or stale in the database at run time. */
export const enrichmentJobSchema = z.object({
  reason: z.string().default("sweep"),
});
export type EnrichmentJob = z.infer<typeof enrichmentJobSchema>;
