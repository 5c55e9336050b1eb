/** Names of everything a page shows: static data in bulk (cached by the caller), entities per page. */
import type { Sql } from "../db/db.client.ts";

export type EntityNameRow = { entityKind: string; entityId: number; name: string | null; ticker: string | null };

export function createNamesRepository({ sql }: { sql: Sql }) {
  return {
    listTypes: () => sql<{ typeId: number; name: string; groupId: number; categoryId: number; basePrice: number | null }[]>`
      select type_id, name, group_id, category_id, base_price::float8 as base_price from types`,
    listGroups: () => sql<{ groupId: number; name: string; categoryId: number }[]>`select group_id, name, category_id from groups`,
    listSystems: () => sql<{ solarSystemId: number; name: string; security: number; constellationId: number; regionId: number }[]>`
      select solar_system_id, name, security, constellation_id, region_id from solar_systems`,
    listConstellations: () => sql<{ constellationId: number; name: string; regionId: number }[]>`
      select constellation_id, name, region_id from constellations`,
    listRegions: () => sql<{ regionId: number; name: string }[]>`select region_id, name from regions`,
    listFactions: () => sql<{ factionId: number; name: string }[]>`select faction_id, name from factions`,
    listNpcCorporations: () => sql<{ corporationId: number; name: string; ticker: string | null }[]>`
      select corporation_id, name, ticker from npc_corporations`,
    listItemFlags: () => sql<{ flagId: number; name: string; text: string }[]>`select flag_id, name, text from item_flags`,

    /** One query for every character, corporation and alliance of a page. */
    async findEntityNames({ keys }: { keys: { kind: string; id: number }[] }): Promise<EntityNameRow[]> {
      if (!keys.length) return [];
      return sql<EntityNameRow[]>`
        select entity_kind, entity_id, name, ticker
        from entities
        where (entity_kind, entity_id) in (
          select * from unnest(${keys.map((key) => key.kind)}::text[], ${keys.map((key) => key.id)}::bigint[])
        )
      `;
    },

    async findEntity({ kind, id }: { kind: string; id: number }) {
      const [row] = await sql<{ name: string | null; ticker: string | null; corporationId: number | null; allianceId: number | null; securityStatus: number | null }[]>`
        select name, ticker, corporation_id, alliance_id, security_status
        from entities where entity_kind = ${kind} and entity_id = ${id}
      `;
      return row ?? null;
    },
  };
}
