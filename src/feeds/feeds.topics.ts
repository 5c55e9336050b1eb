/**
 * EVE-KILL's `/feed/stream?topics=` (UPSTREAMS d.1) over our live records (pure). A kill is sent when it
 * matches any topic. Routing follows Shrike's rules: value brackets overlap, `victim.<id>`/`attacker.<id>` match
 * a character, corporation, alliance or faction on that side.
 * TODO: the ship-class topics (frigates … titans, t1/t2/t3, big, citadel) need Shrike's ship-group sets, which
 * today live in the emulator; serve them once that table moves below both (the `ws` role needs it too).
 */
import type { LiveRecord } from "../live/live.types.ts";

type Match = (record: LiveRecord) => boolean;

const hasLabel = (label: string): Match => (record) => record.zkb.labels.includes(label);

const FIXED: Record<string, Match> = {
  all: () => true,
  solo: (record) => record.zkb.solo,
  npc: (record) => record.zkb.npc,
  "10b": (record) => record.zkb.totalValue >= 10e9,
  "5b": (record) => record.zkb.totalValue >= 5e9,
  highsec: hasLabel("loc:highsec"),
  lowsec: hasLabel("loc:lowsec"),
  nullsec: hasLabel("loc:nullsec"),
  wspace: hasLabel("loc:w-space"),
  abyssal: hasLabel("loc:abyssal"),
};

const BY_ID: Record<string, (id: number) => Match> = {
  system: (id) => (record) => record.solarSystemId === id,
  constellation: (id) => (record) => record.constellationId === id,
  region: (id) => (record) => record.regionId === id,
  victim: (id) => (record) => record.involvement.some((entry) => entry.victim && entry.id === id && entry.kind !== "ship" && entry.kind !== "group"),
  attacker: (id) => (record) => record.involvement.some((entry) => !entry.victim && entry.id === id && entry.kind !== "ship" && entry.kind !== "group"),
};

/** The matcher for a `topics` parameter (default `all`), or the first topic we cannot serve. */
export function parseFeedTopics(raw: string | undefined): { topics: string[]; matches: Match } | { unknown: string } {
  const topics = (raw ?? "all").split(",").map((topic) => topic.trim()).filter(Boolean);
  const matchers: Match[] = [];
  for (const topic of topics.length ? topics : ["all"]) {
    const [, prefix, id] = /^([a-z]+)\.(\d{1,15})$/.exec(topic) ?? [];
    const matcher = Object.hasOwn(FIXED, topic) ? FIXED[topic] : prefix && Object.hasOwn(BY_ID, prefix) ? BY_ID[prefix]!(Number(id)) : undefined;
    if (!matcher) return { unknown: topic };
    matchers.push(matcher);
  }
  return { topics: topics.length ? topics : ["all"], matches: (record) => matchers.some((match) => match(record)) };
}
