/** What the feed endpoints accept. A sequence number is a non-negative safe integer, nothing else. */
import { z } from "zod";
import { killmailMatchFields, refineEntityPair } from "../api/api.schemas.ts";
import { parseCompactUtcDay } from "../app/time.ts";

export const sequenceNumber = z.coerce.number().int("must be an integer").min(0).max(Number.MAX_SAFE_INTEGER);

/** `/api/v1/stream`: the live filter plus where to resume. */
export const streamQuery = refineEntityPair(z.strictObject({
  ...killmailMatchFields,
  after: sequenceNumber.optional().describe("Resume after this sequence number (Last-Event-ID wins when both are given)"),
}));

/** `/feed/stream` (Shrike): `topics` comma-separated, `lastEventId` as EventSource polyfills send it. */
export const feedStreamQuery = z.strictObject({
  topics: z.string().max(4096).optional(),
  lastEventId: sequenceNumber.optional(),
});

export const feedPollQuery = z.strictObject({
  after: sequenceNumber.default(0),
  limit: z.coerce.number().int("must be an integer").min(1).max(1000).default(100),
});

/** RedisQ's queueID is free text on zKillboard's side; here it is a Redis key part, so it is kept short and plain. */
export const listenQuery = z.looseObject({
  queueID: z.string().trim().regex(/^[\w.:@-]{1,100}$/, "must be 1 to 100 letters, digits or . : @ _ -"),
  // listen.js: Math.min(10, Math.max(1, parseInt(ttw || 10))): out-of-range values are clamped, not refused.
  ttw: z.coerce.number().int("must be an integer").default(10).transform((ttw) => Math.min(10, Math.max(1, ttw))),
});

/** `/history/<YYYYMMDD>.json`: a real calendar day, as the UTC range `[from, to)`. */
export const historyDay = z.string().regex(/^\d{8}$/, "must be YYYYMMDD").transform((text, context) => {
  const day = parseCompactUtcDay(text);
  if (!day) {
    context.addIssue({ code: "custom", message: "not a calendar day (YYYYMMDD)" });
    return z.NEVER;
  }
  return day;
});
