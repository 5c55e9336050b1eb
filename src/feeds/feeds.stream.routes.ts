/**
 * The long-lived feed requests: our SSE stream `/api/v1/stream`, EVE-KILL's `/feed/stream` and RedisQ's
 * `/listen.php`. Mounted ahead of the web app's microcache, which would otherwise wait for a stream to end.
 */
import { Hono, type Context } from "hono";
import { readQuery } from "../present/present.validate.ts";
import { matchesLiveFilter, toLiveFilter } from "../live/live.filter.ts";
import { createBadParameterError } from "../present/present.errors.ts";
import type { FeedsDeps } from "./feeds.deps.ts";
import { toRedisqPackageJson } from "./feeds.models.ts";
import { toKillmailJson } from "../killmails/killmail.zkb.ts";
import { resolveResume } from "./feeds.retention.ts";
import { feedStreamQuery, listenQuery, sequenceNumber, streamQuery } from "./feeds.schemas.ts";
import { streamLiveRecords, type SseEvent } from "./feeds.sse.ts";
import { createFeedTopics } from "./feeds.topics.ts";
import { FEED_STREAM_PATHS } from "./feeds.paths.ts";
import { listenForRecord } from "./redisq.listen.ts";

const CORS = { "Access-Control-Allow-Origin": "*" };

/** Last-Event-ID (what EventSource sends on reconnect) wins over the query's own resume point. */
function readResumePoint({ c, fromQuery }: { c: Context; fromQuery: number | undefined }) {
  const header = c.req.header("last-event-id");
  if (header === undefined || header === "") return fromQuery;
  const parsed = sequenceNumber.safeParse(header);
  if (!parsed.success) throw createBadParameterError({ parameter: "Last-Event-ID", problem: "must be a sequence number" });
  return parsed.data;
}

/** Where to start, and the `gap` event when part of what was asked for is older than the retained window. */
async function planResume({ deps, after, gapUrl }: { deps: FeedsDeps; after: number | undefined; gapUrl: string }) {
  if (after === undefined) return { after, first: undefined };
  const { after: start, skipped } = await resolveResume({ repository: deps.repository, after, retentionDays: deps.retentionDays, now: deps.now() });
  if (!skipped) return { after: start, first: undefined };
  const data = JSON.stringify({ ...skipped, retentionDays: deps.retentionDays, url: gapUrl });
  // Its id is the last number skipped: a reconnect right after it does not get the gap again.
  const first: SseEvent = { event: "gap", id: String(skipped.to), data };
  return { after: start, first };
}

/** The list query of the same filter: what pages the killmails the stream no longer replays. */
function listUrlOf(c: Context) {
  const params = new URL(c.req.url).searchParams;
  params.delete("after");
  const query = params.toString();
  return `/api/v1/killmails${query ? `?${query}` : ""}`;
}

export function createFeedStreamRoutes({ deps }: { deps: FeedsDeps }) {
  const parseFeedTopics = createFeedTopics({ universe: deps.universe });
  return new Hono()
    .get(FEED_STREAM_PATHS.api, async (c) => {
      const query = readQuery({ c, schema: streamQuery, arrays: ["label"] });
      const filter = toLiveFilter(query);
      const plan = await planResume({ deps, after: readResumePoint({ c, fromQuery: query.after }), gapUrl: listUrlOf(c) });
      return streamLiveRecords({
        c, deps, after: plan.after, first: plan.first, preamble: ["killboard live stream", `retention: ${deps.retentionDays} days`],
        toEvent: (record) => matchesLiveFilter({ filter, record }) ? { event: "killmail", id: String(record.sequence), data: toKillmailJson({ esiText: record.esiText, zkb: record.zkb }) } : null,
      });
    })
    .get(FEED_STREAM_PATHS.eveKill, async (c) => {
      const query = readQuery({ c, schema: feedStreamQuery });
      const topics = parseFeedTopics(query.topics);
      if ("unknown" in topics) throw createBadParameterError({ parameter: "topics", problem: `unknown or unsupported topic ${JSON.stringify(topics.unknown.slice(0, 64))}` });
      c.header("Access-Control-Allow-Origin", "*");
      const plan = await planResume({ deps, after: readResumePoint({ c, fromQuery: query.lastEventId }), gapUrl: "/api/v1/killmails" });
      return streamLiveRecords({
        c, deps, after: plan.after, first: plan.first, preamble: ["connected to EVE-Kill feed", `topics: ${topics.topics.join(", ")}`],
        toEvent: (record) => topics.matches(record) ? { event: "killmail", id: String(record.sequence), data: record.esiText } : null,
      });
    })
    .get(FEED_STREAM_PATHS.redisq, async (c) => {
      const { queueID, ttw } = readQuery({ c, schema: listenQuery });
      const answer = await listenForRecord({ hub: deps.hub, repository: deps.repository, queues: deps.queues, queueId: queueID, ttwS: ttw, signal: c.req.raw.signal });
      if (answer.kind === "busy") return c.json({ error: "Too many requests for this queueID" }, 429, CORS);
      return c.body(toRedisqPackageJson(answer.record), 200, { ...CORS, "Content-Type": "application/json", "Cache-Control": "no-store" });
    });
}
