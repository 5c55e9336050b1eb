/**
 * The killmail event of EVE-KILL's current server (Shrike `internal/relay/killmail.go` KillmailEvent,
 * UPSTREAMS d.1): ids 0 when absent, names null when unknown, items flat, time with milliseconds.
 * No captured real frame exists; values come from the zkb block (0 for emulated blocks). Item values and
 * categories are 0: EVE-KILL prices items itself and neither side has the figure per item.
 */
import { flattenItems, type EkwsItem, type EkwsKill, type EkwsWho as Who, type NameLookup } from "./ekws.kill.ts";

const party = ({ who }: { who: Who }) => ({
  character_id: who.character_id ?? 0,
  corporation_id: who.corporation_id ?? 0,
  alliance_id: who.alliance_id ?? 0,
  faction_id: who.faction_id ?? 0,
  ship_type_id: who.ship_type_id ?? 0,
});

const partyNames = ({ who, names }: { who: Who; names: NameLookup }) => ({
  character_name: names.entity(who.character_id),
  corporation_name: names.entity(who.corporation_id),
  alliance_name: names.entity(who.alliance_id),
  ship_type_name: names.type(who.ship_type_id),
  ship_group_id: names.group(who.ship_type_id).id,
  ship_group_name: names.group(who.ship_type_id).name,
});

const itemOf = ({ item, names }: { item: EkwsItem; names: NameLookup }) => {
  const group = names.group(item.item_type_id);
  return {
    item_type_id: item.item_type_id, flag: item.flag, quantity_dropped: item.quantity_dropped ?? 0,
    quantity_destroyed: item.quantity_destroyed ?? 0, singleton: item.singleton, item_type_name: names.type(item.item_type_id),
    item_group_id: group.id, item_group_name: group.name, item_category_id: 0, value: 0,
  };
};

export function buildKillmailEvent({ kill, names }: { kill: EkwsKill; names: NameLookup }) {
  const { esi, values } = kill;
  const system = names.system(esi.solar_system_id);
  const { victim } = esi;
  return {
    event: "killmail", killmail_id: kill.killmailId, killmail_hash: kill.hash,
    killmail_time: new Date(esi.killmail_time).toISOString(),
    solar_system_id: esi.solar_system_id, solar_system_name: system.name, solar_system_security: system.security,
    constellation_id: system.constellationId, constellation_name: system.constellationName,
    region_id: system.regionId, region_name: system.regionName,
    total_value: values.totalValue, fitted_value: values.fittedValue, dropped_value: values.droppedValue,
    destroyed_value: values.destroyedValue, points: values.points, is_solo: values.solo, is_npc: values.npc, war_id: esi.war_id ?? 0,
    victim: {
      ...party({ who: victim }), damage_taken: victim.damage_taken ?? 0, ...partyNames({ who: victim, names }),
      ...(victim.position ? { position: victim.position } : {}),
      items: flattenItems(victim.items).map((item) => itemOf({ item, names })),
    },
    attackers: esi.attackers.map((who) => ({
      ...party({ who }), weapon_type_id: who.weapon_type_id ?? 0, damage_done: who.damage_done ?? 0,
      final_blow: !!who.final_blow, security_status: who.security_status ?? 0, ...partyNames({ who, names }),
      weapon_type_name: names.type(who.weapon_type_id),
    })),
  };
}
