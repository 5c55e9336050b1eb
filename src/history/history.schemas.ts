/** The query of `/api/v1/stats/{kind}/{id}`: without `bucket` the all-time statistics, with it a series of buckets. */
import { z } from "zod";
import { parseUtcDay } from "../app/time.ts";
import { BUCKETS, DEFAULT_BUCKETS, MAX_BUCKETS } from "./history.models.ts";

const day = z.string().refine((text) => {
  const parsed = parseUtcDay(text);
  return parsed !== null && parsed.from.getUTCFullYear() >= 2003 && parsed.from.getUTCFullYear() < 2100;
}, "must be a day as YYYY-MM-DD between 2003 and 2099");

export const statsQuery = z.strictObject({
  bucket: z.enum(BUCKETS).optional().describe(
    `Instead of the all-time statistics, kills, losses, ISK, points and solo counts per UTC day, ISO week (from Monday) or month; at most ${MAX_BUCKETS.day} days, ${MAX_BUCKETS.week} weeks or ${MAX_BUCKETS.month} months`),
  from: day.optional().describe(`First day (YYYY-MM-DD), widened to the start of its week or month; default ${DEFAULT_BUCKETS.day} days, ${DEFAULT_BUCKETS.week} weeks or ${DEFAULT_BUCKETS.month} months before to`),
  to: day.optional().describe("Last day (YYYY-MM-DD), widened to the end of its week or month; default today (UTC)"),
}).refine((query) => query.bucket !== undefined || query.from === undefined, { message: "goes with bucket", path: ["from"] })
  .refine((query) => query.bucket !== undefined || query.to === undefined, { message: "goes with bucket", path: ["to"] })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: "must not be after to", path: ["from"] });

export type StatsQuery = z.infer<typeof statsQuery>;
