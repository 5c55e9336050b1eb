import type { Sql } from "../db/db.client.ts";
import type { SystemInfo, TypeInfo } from "./universe.types.ts";

export function createUniverseRepository({ sql }: { sql: Sql }) {
  return {
    async listTypes(): Promise<TypeInfo[]> {
      return sql<TypeInfo[]>`select type_id, group_id, category_id, name, base_price::float8 as base_price from types`;
    },
    async listTypeAttributes() {
      return sql<{ typeId: number; attributeId: number; value: number }[]>`select type_id, attribute_id, value from type_attributes`;
    },
    async listSystems(): Promise<SystemInfo[]> {
      return sql<SystemInfo[]>`select solar_system_id, constellation_id, region_id, security from solar_systems`;
    },
    listGroups: () => sql<{ groupId: number; name: string; categoryId: number }[]>`select group_id, name, category_id from groups`,
    listSystemNames: () => sql<{ solarSystemId: number; name: string; security: number; constellationId: number; regionId: number }[]>`
      select solar_system_id, name, security, constellation_id, region_id from solar_systems`,
    listConstellations: () => sql<{ constellationId: number; name: string; regionId: number }[]>`
      select constellation_id, name, region_id from constellations`,
    listRegions: () => sql<{ regionId: number; name: string }[]>`select region_id, name from regions`,
    listFactions: () => sql<{ factionId: number; name: string }[]>`select faction_id, name from factions`,
    listNpcCorporations: () => sql<{ corporationId: number; name: string; ticker: string | null }[]>`
      select corporation_id, name, ticker from npc_corporations`,
    listItemFlags: () => sql<{ flagId: number; name: string; text: string }[]>`select flag_id, name, text from item_flags`,
  };
}
