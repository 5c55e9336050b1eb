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
  };
}
