/**
 * The killmail event of EVE-KILL's current server (Shrike `internal/relay/killmail.go` KillmailEvent,
 * UPSTREAMS d.1): ids 0 when absent, names null when unknown, items flat, time with milliseconds.
 * No captured real frame exists; values come from the zkb block (0 for emulated blocks).
 */
import type { EmulatorRecord } from "./dataset.ts";
import { flattenItems, type EsiItem, type NameLookup } from "./ekws.names.ts";
import type { ZkbBlock } from "./zkb.ts";

type Who = {
  character_id?: number; corporation_id?: number; alliance_id?: number; faction_id?: number; ship_type_id?: number;
  weapon_type_id?: number; damage_done?: number; final_blow?: boolean; security_status?: number;
};

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

const itemOf = ({ item, names }: { item: EsiItem; names: NameLookup }) => {
  const group = names.group(item.item_type_id);
  return {
    item_type_id: item.item_type_id, flag: item.flag, quantity_dropped: item.quantity_dropped ?? 0,
    quantity_destroyed: item.quantity_destroyed ?? 0, singleton: item.singleton, item_type_name: names.type(item.item_type_id),
    item_group_id: group.id, item_group_name: group.name, item_category_id: 0, value: 0,
  };
};

export function buildKillmailEvent({ record, zkb, names }: { record: EmulatorRecord; zkb: ZkbBlock; names: NameLookup }) {
  const { esi } = record;
  const system = names.system(esi.solar_system_id);
  const victim = esi.victim as Who & { damage_taken?: number; position?: unknown; items?: EsiItem[] };
  return {
    event: "killmail", killmail_id: record.killmail_id, killmail_hash: record.hash,
    killmail_time: new Date(esi.killmail_time).toISOString(),
    solar_system_id: esi.solar_system_id, solar_system_name: system.name, solar_system_security: system.security,
    constellation_id: system.constellationId, constellation_name: system.constellationName,
    region_id: system.regionId, region_name: system.regionName,
    total_value: zkb.totalValue ?? 0, fitted_value: zkb.fittedValue ?? 0, dropped_value: zkb.droppedValue ?? 0,
    destroyed_value: zkb.destroyedValue ?? 0, points: zkb.points ?? 0, is_solo: !!zkb.solo, is_npc: !!zkb.npc, war_id: esi.war_id ?? 0,
    victim: {
      ...party({ who: victim }), damage_taken: victim.damage_taken ?? 0, ...partyNames({ who: victim, names }),
      ...(victim.position ? { position: victim.position } : {}),
      items: flattenItems(victim.items).map((item) => itemOf({ item, names })),
    },
    attackers: (esi.attackers as Who[]).map((who) => ({
      ...party({ who }), weapon_type_id: who.weapon_type_id ?? 0, damage_done: who.damage_done ?? 0,
      final_blow: !!who.final_blow, security_status: who.security_status ?? 0, ...partyNames({ who, names }),
      weapon_type_name: names.type(who.weapon_type_id),
    })),
  };
}
