/**
 * Feeds a follower pulls, at zKillboard's and EVE-KILL's paths so their clients work unchanged: R2Z2's
 * `/ephemeral/`, the daily `/history/` files, EVE-KILL's `/feed/poll` and `/feed/status`. Numbers and days come
 * from our own store; numbers older than the retained window are gone, as R2Z2's files expire.
 */
import { Hono, type Context } from "hono";
import { readQuery } from "../present/present.validate.ts";
import { historyCacheControl, readHistoryDay, toHistoryJson } from "../killmails/killmail.history.ts";
import { createCheckDataRepository } from "../ops/check-data.repository.ts";
import { createBadParameterError } from "../present/present.errors.ts";
import type { FeedsDeps } from "./feeds.deps.ts";
import { feedPollUrl, toFeedPollItemJson, toR2z2RecordJson } from "./feeds.models.ts";
import { resolveResume, retentionStart } from "./feeds.retention.ts";
import { feedPollQuery, historyDay } from "./feeds.schemas.ts";

const JSON_TYPE = { "Content-Type": "application/json" };
/** A published record never changes (R2 objects are written once). */
const IMMUTABLE = "public, max-age=31536000, immutable";
const notFound = (c: Context) => c.body("Not Found", 404, { "Content-Type": "text/plain", "Cache-Control": "no-cache" });

async function serveRecord(c: Context, deps: FeedsDeps) {
  const sequence = Number(c.req.param("file")!.slice(0, -5));
  if (!Number.isSafeInteger(sequence)) return notFound(c);
  const record = await deps.repository.readRecord({ sequence });
  // Past the head (not published yet) and past retention (expired) alike: R2Z2 answers 404 to both.
  if (!record || Date.parse(record.storedAt) < retentionStart({ retentionDays: deps.retentionDays, now: deps.now() }).getTime()) return notFound(c);
  return c.body(toR2z2RecordJson(record), 200, { ...JSON_TYPE, "Cache-Control": IMMUTABLE });
}

async function serveHistoryDay(c: Context, deps: FeedsDeps) {
  const parsed = historyDay.safeParse(c.req.param("file")!.slice(0, -5));
  if (!parsed.success) throw createBadParameterError({ parameter: "date", problem: parsed.error.issues[0]!.message });
  const { rows, settled } = await readHistoryDay({ sql: deps.sql, day: parsed.data, now: deps.now() });
  // A day without kills has no file on R2 either; the history client reads 404 as an empty day.
  if (!rows.length) return notFound(c);
  return c.body(toHistoryJson(rows), 200, { ...JSON_TYPE, "Cache-Control": historyCacheControl({ settled }) });
}

async function servePoll(c: Context, deps: FeedsDeps) {
  const { after, limit } = readQuery({ c, schema: feedPollQuery });
  const head = await deps.repository.readHead();
  const latest = head || null;
  const last = feedPollUrl({ after: Math.max(0, head - limit), limit });
  const headers = { ...JSON_TYPE, "Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*" };
  // after=0 is Shrike's kick-start: no data, only where the head is.
  if (after === 0) return c.body(JSON.stringify({ data: [], latest, hasMore: head > 0, next: feedPollUrl({ after: 0, limit }), last }), 200, headers);
  const start = (await resolveResume({ repository: deps.repository, after, retentionDays: deps.retentionDays, now: deps.now() })).after;
  const records = await deps.repository.readRecordsAfter({ after: start, limit: limit + 1 });
  const page = records.slice(0, limit);
  const next = feedPollUrl({ after: page.at(-1)?.sequence ?? start, limit });
  const body = `{"data":[${page.map(toFeedPollItemJson).join(",")}],"latest":${JSON.stringify(latest)},"hasMore":${records.length > limit},` +
    `"next":${JSON.stringify(next)},"last":${JSON.stringify(last)}}`;
  return c.body(body, 200, headers);
}

export function createFeedPullRoutes({ deps }: { deps: FeedsDeps }) {
  const counts = createCheckDataRepository({ sql: deps.sql });
  return new Hono()
    // sequence.json names a published number to start from: 1 on an empty board, so a follower waits for the first.
    .get("/ephemeral/sequence.json", async (c) =>
      c.body(JSON.stringify({ sequence: Math.max(1, await deps.repository.readHead()) }), 200, { ...JSON_TYPE, "Cache-Control": "public, max-age=1" }))
    .get("/ephemeral/:file{[0-9]{1,16}\\.json}", (c) => serveRecord(c, deps))
    .get("/history/totals.json", async (c) => {
      // zKillboard's totals key days as YYYYMMDD.
      const rows = await counts.countStoredPerDay();
      return c.body(`{${rows.map((row) => `"${row.day.replaceAll("-", "")}":${row.stored}`).join(",")}}`, 200, { ...JSON_TYPE, "Cache-Control": "public, max-age=300" });
    })
    .get("/history/:file{[0-9]{8}\\.json}", (c) => serveHistoryDay(c, deps))
    .get("/feed/poll", (c) => servePoll(c, deps))
    .get("/feed/status", async (c) =>
      c.json({ status: "ok", clients: deps.hub.count(), latestSeq: (await deps.repository.readHead()) || null }, 200, { "Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*" }));
}
