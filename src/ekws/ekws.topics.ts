/**
 * EVE-KILL topic routing, following the rules of Shrike's `internal/relay/routing.go` (UPSTREAMS d.1): value
 * brackets are not exclusive, security bands come from the system (≥ 0.45 high, ≥ 0 low, else null), w-space is
 * regions 11000001–11000033, abyssal 12000000–13000000, ship classes go by the victim's ship group. The legacy
 * Thessia socket is routed the same way (its own rules are not public in detail). Shared by the emulator and the
 * `ws` role.
 */
import type { EkwsKill, EkwsPlace, EkwsWho } from "./ekws.kill.ts";

// Victim ship-group sets of Shrike's live routing (deliberately not the kill-list sets there).
const SHIP_CLASS_GROUPS: Record<string, number[]> = {
  big: [547, 485, 513, 902, 941, 30, 659],
  citadel: [1657, 1406, 1404, 1408, 2017, 2016],
  t1: [419, 27, 29, 547, 26, 420, 25, 28, 941, 463, 237, 31],
  t2: [324, 898, 906, 540, 830, 893, 543, 541, 833, 358, 894, 831, 902, 832, 900, 834, 380],
  t3: [963, 1305],
  frigates: [324, 893, 25, 831, 237],
  destroyers: [420, 541],
  cruisers: [906, 26, 833, 358, 894, 832, 963],
  battlecruisers: [419, 540],
  battleships: [27, 898, 900],
  capitals: [547, 485],
  freighters: [513, 902],
  supercarriers: [659],
  titans: [30],
};

/** The welcome frame's `availableTopics` (Shrike endpoints.go), keys in Go's sorted JSON order. */
export const AVAILABLE_TOPICS = {
  entity: ["victim.{id}", "attacker.{id}"],
  kill_type: ["solo", "npc"],
  location: ["system.{id}", "region.{id}", "constellation.{id}"],
  security: ["highsec", "lowsec", "nullsec", "wspace", "abyssal"],
  ship_class: ["big", "citadel", "capitals", "freighters", "supercarriers", "titans", "frigates", "destroyers", "cruisers", "battlecruisers", "battleships", "t1", "t2", "t3"],
  universal: ["all"],
  value: ["10b", "5b"],
};

/** Thessia's documented topic list and its id-topic prefixes (UPSTREAMS d.2). */
export const LEGACY_TOPICS = [
  "all", "10b", "5b", "abyssal", "wspace", "highsec", "lowsec", "nullsec", "bigkills", "solo", "npc", "citadel", "t1", "t2",
  "t3", "frigates", "destroyers", "cruisers", "battlecruisers", "battleships", "capitals", "freighters", "supercarriers", "titans", "jove",
];
export const LEGACY_PREFIXES = ["victim.", "attacker.", "system.", "region."];

export const isLegacyTopic = (topic: string) =>
  LEGACY_TOPICS.includes(topic) || LEGACY_PREFIXES.some((prefix) => topic.startsWith(prefix) && /^\d+$/.test(topic.slice(prefix.length)));

const idsOf = (who: EkwsWho) => [who.character_id, who.corporation_id, who.alliance_id, who.faction_id].filter((id): id is number => !!id);

/** Every routing key a killmail is published under. */
export function topicsOf({ kill, place }: { kill: EkwsKill; place: EkwsPlace }) {
  const topics = new Set(["all"]);
  const { esi, values } = kill;
  if (values.totalValue >= 10e9) topics.add("10b").add("bigkills");
  if (values.totalValue >= 5e9) topics.add("5b");
  if (values.solo) topics.add("solo");
  if (values.npc) topics.add("npc");
  topics.add(`system.${esi.solar_system_id}`);
  const { system } = place;
  if (system) {
    topics.add(`region.${system.regionId}`).add(`constellation.${system.constellationId}`);
    if (system.regionId >= 12_000_000 && system.regionId <= 13_000_000) topics.add("abyssal");
    if (system.regionId >= 11_000_001 && system.regionId <= 11_000_033) topics.add("wspace");
    topics.add(system.security >= 0.45 ? "highsec" : system.security >= 0 ? "lowsec" : "nullsec");
  }
  const groupId = place.victimShipGroupId ?? -1;
  for (const [topic, groups] of Object.entries(SHIP_CLASS_GROUPS)) if (groups.includes(groupId)) topics.add(topic);
  for (const id of idsOf(esi.victim)) topics.add(`victim.${id}`);
  for (const who of esi.attackers) for (const id of idsOf(who)) topics.add(`attacker.${id}`);
  return topics;
}
