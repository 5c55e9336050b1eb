/**
 * EVE-KILL's `/feed/stream?topics=` (UPSTREAMS d.1) over our live records. Which topics a kill is under is the
 * shared codec's `topicsOf` (src/ekws), the very routing the `ws` role's `/ws/killmails` uses, so the SSE feed and
 * the socket can never disagree; a kill is sent when it is under any topic asked for.
 */
import { AVAILABLE_TOPICS, topicsOf } from "../ekws/ekws.topics.ts";
import type { LiveRecord } from "../live/live.types.ts";
import { placeOf, toEkwsKill } from "../live/ws.ekws.ts";
import type { UniverseNames } from "../universe/universe.names.ts";

type Match = (record: LiveRecord) => boolean;

const OFFERED = Object.values(AVAILABLE_TOPICS).flat();
const NAMED = new Set(OFFERED.filter((topic) => !topic.endsWith(".{id}")));
const ID_PREFIXES = new Set(OFFERED.filter((topic) => topic.endsWith(".{id}")).map((topic) => topic.slice(0, -".{id}".length)));

const isOffered = (topic: string) => {
  const [, prefix] = /^([a-z]+)\.\d{1,15}$/.exec(topic) ?? [];
  return NAMED.has(topic) || (prefix !== undefined && ID_PREFIXES.has(prefix));
};

export function createFeedTopics({ universe }: { universe: UniverseNames }) {
  // The hub hands every stream the same record objects: each kill's topics are worked out once, not per client.
  const known = new WeakMap<LiveRecord, Set<string>>();
  const topicsOfRecord = (record: LiveRecord) => {
    let topics = known.get(record);
    if (!topics) known.set(record, (topics = topicsOf({ kill: toEkwsKill({ record }), place: placeOf({ record, universe }) })));
    return topics;
  };

  /** The matcher for a `topics` parameter (default `all`), or the first topic EVE-KILL does not offer. */
  return function parseFeedTopics(raw: string | undefined): { topics: string[]; matches: Match } | { unknown: string } {
    const given = (raw ?? "").split(",").map((topic) => topic.trim()).filter(Boolean);
    const topics = given.length ? given : ["all"];
    const unknown = topics.find((topic) => !isOffered(topic));
    if (unknown !== undefined) return { unknown };
    return { topics, matches: (record) => topics.some((topic) => topicsOfRecord(record).has(topic)) };
  };
}
export type ParseFeedTopics = ReturnType<typeof createFeedTopics>;
