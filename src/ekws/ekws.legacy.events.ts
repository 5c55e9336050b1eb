/**
 * The killmail data of EVE-KILL's previous server (Thessia docs `msg_killmail-event.json`, UPSTREAMS d.2):
 * `{"type":"killmail","data":{…}}` with localised names as `{ "en": … }` and items flat.
 */
import { flattenItems, type EkwsKill, type EkwsWho as Who, type NameLookup } from "./ekws.kill.ts";

const en = (name: string | null) => ({ en: name ?? "" });

function legacyParty({ who, names }: { who: Who; names: NameLookup }) {
  const group = names.group(who.ship_type_id);
  return {
    character_id: who.character_id ?? 0, character_name: names.entity(who.character_id) ?? "",
    corporation_id: who.corporation_id ?? 0, corporation_name: names.entity(who.corporation_id) ?? "",
    alliance_id: who.alliance_id ?? 0, alliance_name: names.entity(who.alliance_id) ?? "",
    faction_id: who.faction_id ?? 0, faction_name: names.entity(who.faction_id) ?? "",
    ship_id: who.ship_type_id ?? 0, ship_name: en(names.type(who.ship_type_id)), ship_group_id: group.id, ship_group_name: en(group.name),
  };
}

export function buildLegacyKillmailData({ kill, names }: { kill: EkwsKill; names: NameLookup }) {
  const { esi, values } = kill;
  const system = names.system(esi.solar_system_id);
  const { victim } = esi;
  const time = new Date(esi.killmail_time).toISOString();
  return {
    killmail_hash: kill.hash, killmail_id: kill.killmailId, kill_time: time, kill_time_str: time.slice(0, 19).replace("T", " "),
    system_id: esi.solar_system_id, system_name: system.name ?? "", system_security: system.security,
    constellation_id: system.constellationId, constellation_name: system.constellationName ?? "",
    region_id: system.regionId, region_name: en(system.regionName),
    x: victim.position?.x ?? 0, y: victim.position?.y ?? 0, z: victim.position?.z ?? 0, near: "",
    total_value: values.totalValue, ship_value: 0, fitting_value: values.fittedValue,
    is_npc: values.npc, is_solo: values.solo, war_id: esi.war_id ?? 0, dna: `${victim.ship_type_id ?? 0}:::`,
    victim: { ...legacyParty({ who: victim, names }), damage_taken: victim.damage_taken ?? 0 },
    attackers: esi.attackers.map((who) => ({
      ...legacyParty({ who, names }), weapon_type_id: who.weapon_type_id ?? 0, weapon_type_name: en(names.type(who.weapon_type_id)),
      damage_done: who.damage_done ?? 0, final_blow: !!who.final_blow, security_status: who.security_status ?? 0,
    })),
    items: flattenItems(victim.items).map((item) => {
      const group = names.group(item.item_type_id);
      return {
        type_id: item.item_type_id, name: en(names.type(item.item_type_id)), group_id: group.id, group_name: en(group.name),
        category_id: 0, flag: item.flag, qty_dropped: item.quantity_dropped ?? 0, qty_destroyed: item.quantity_destroyed ?? 0,
        singleton: item.singleton, value: 0,
      };
    }),
  };
}
