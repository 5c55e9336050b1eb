/**
 * EVE-KILL topic routing (UPSTREAMS d.1 `internal/relay/routing.go`, d.2 Thessia topics). Both protocols share
 * the dotted id topics (`system.30000142`, `victim.<id>`). TODO: ship-class topics (frigates … titans, t1/t2/t3)
 * are accepted but never match until the emulator carries Shrike's ship-group sets.
 */
import type { EmulatorRecord } from "./dataset.ts";
import type { Universe } from "./universe.ts";
import type { ZkbBlock } from "./zkb.ts";

export const STATIC_TOPICS = [
  "all", "solo", "npc", "10b", "5b", "highsec", "lowsec", "nullsec", "wspace", "abyssal", "big", "bigkills", "citadel",
  "capitals", "freighters", "supercarriers", "titans", "frigates", "destroyers", "cruisers", "battlecruisers",
  "battleships", "t1", "t2", "t3", "jove",
];
export const ID_TOPIC_PREFIXES = ["system.", "region.", "constellation.", "victim.", "attacker."];

export function isValidTopic(topic: string) {
  if (topic.length > 128) return false;
  if (STATIC_TOPICS.includes(topic)) return true;
  return ID_TOPIC_PREFIXES.some((prefix) => topic.startsWith(prefix) && /^\d+$/.test(topic.slice(prefix.length)));
}

type Who = { character_id?: number; corporation_id?: number; alliance_id?: number; faction_id?: number };
const idsOf = (who: Who) => [who.character_id, who.corporation_id, who.alliance_id, who.faction_id].filter((id): id is number => !!id);

function spaceTopic({ regionId, security }: { regionId: number; security: number }) {
  if (regionId >= 12_000_000 && regionId < 13_000_000) return "abyssal";
  if (regionId >= 11_000_000 && regionId < 12_000_000) return "wspace";
  if (security >= 0.45) return "highsec";
  return security > 0 ? "lowsec" : "nullsec";
}

/** Every topic a killmail is published on. */
export function topicsOf({ record, zkb, universe }: { record: EmulatorRecord; zkb: ZkbBlock; universe: Universe }) {
  const topics = new Set(["all"]);
  const total = Number(zkb.totalValue ?? 0);
  if (zkb.solo) topics.add("solo");
  if (zkb.npc) topics.add("npc");
  if (total >= 5e9) topics.add("5b");
  if (total >= 10e9) topics.add("10b").add("big").add("bigkills");
  const system = universe.systems.get(record.esi.solar_system_id);
  topics.add(`system.${record.esi.solar_system_id}`);
  if (system) {
    topics.add(`region.${system.region_id}`).add(`constellation.${system.constellation_id}`);
    topics.add(spaceTopic({ regionId: system.region_id, security: system.security }));
  }
  const shipType = universe.types.get(Number(record.esi.victim.ship_type_id));
  if (shipType?.category_id === 65) topics.add("citadel");
  for (const id of idsOf(record.esi.victim as Who)) topics.add(`victim.${id}`);
  for (const who of record.esi.attackers) for (const id of idsOf(who as Who)) topics.add(`attacker.${id}`);
  return topics;
}
