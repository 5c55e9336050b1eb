/**
 * What EVE-KILL's routing and event shapes read from a killmail, whoever holds it: the emulator adapts its
 * records, the `ws` role its live records. One codec for both (issue 10), so the two can never disagree.
 */
export type EkwsWho = {
  character_id?: number; corporation_id?: number; alliance_id?: number; faction_id?: number; ship_type_id?: number;
  weapon_type_id?: number; damage_done?: number; final_blow?: boolean; security_status?: number;
};

export type EkwsItem = { item_type_id: number; flag: number; quantity_dropped?: number; quantity_destroyed?: number; singleton: number; items?: EkwsItem[] };

export type EkwsEsi = {
  killmail_time: string;
  solar_system_id: number;
  war_id?: number;
  victim: EkwsWho & { damage_taken?: number; position?: { x: number; y: number; z: number }; items?: EkwsItem[] };
  attackers: EkwsWho[];
};

/** The zkb figures the events carry; 0 / false when a source has none. */
export type EkwsValues = {
  totalValue: number; fittedValue: number; droppedValue: number; destroyedValue: number; points: number; solo: boolean; npc: boolean;
};

export type EkwsKill = { killmailId: number; hash: string | null; esi: EkwsEsi; values: EkwsValues };

/** Where the kill happened and what the victim flew, as routing needs them; null when the static data lacks it. */
export type EkwsPlace = { system: { regionId: number; constellationId: number; security: number } | null; victimShipGroupId: number | null };

/** Name lookups the event shapes need; null when unknown, as Shrike sends (UPSTREAMS d.1). */
export type NameLookup = {
  entity: (id?: number) => string | null;
  type: (id?: number) => string | null;
  group: (typeId?: number) => { id: number; name: string | null };
  system: (id: number) => {
    name: string | null; security: number; constellationId: number; constellationName: string | null; regionId: number; regionName: string | null;
  };
};

/** EVE-KILL sends items flat: container contents follow their container. */
export function flattenItems(items: EkwsItem[] = []): EkwsItem[] {
  return items.flatMap((item) => [item, ...flattenItems(item.items)]);
}

/** Missing figures as the events send them. */
export function toEkwsValues(zkb: Record<string, unknown>): EkwsValues {
  const number = (key: string) => Number(zkb[key] ?? 0) || 0;
  return {
    totalValue: number("totalValue"), fittedValue: number("fittedValue"), droppedValue: number("droppedValue"),
    destroyedValue: number("destroyedValue"), points: number("points"), solo: !!zkb.solo, npc: !!zkb.npc,
  };
}
