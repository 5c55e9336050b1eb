/**
 * Types and systems change only with an SDE load, so each process keeps them in memory (about 60k rows) and
 * the killmail model looks them up without a query per item.
 */
import type { Sql } from "../db/db.client.ts";
import type { SystemInfo, TypeInfo } from "./universe.types.ts";
import { createUniverseRepository } from "./universe.repository.ts";
import { celestialsOf } from "./celestials.bundle.ts";
import type { Celestial } from "./celestials.models.ts";

export type UniverseLookup = {
  typeOf: (typeId: number) => TypeInfo | undefined;
  systemOf: (solarSystemId: number) => SystemInfo | undefined;
  /** From the bundled celestials, not the database (celestials.bundle.ts). */
  celestialsOf: (solarSystemId: number) => readonly Celestial[];
};

export async function loadUniverseLookup({ sql }: { sql: Sql }): Promise<UniverseLookup> {
  const repository = createUniverseRepository({ sql });
  const [types, systems, attributes] = await Promise.all([
    repository.listTypes(),
    repository.listSystems(),
    repository.listTypeAttributes(),
  ]);
  const typeMap = new Map(types.map((type) => [type.typeId, type]));
  for (const { typeId, attributeId, value } of attributes) {
    const type = typeMap.get(typeId);
    if (type) (type.attributes ??= {})[attributeId] = value;
  }
  const systemMap = new Map(systems.map((system) => [system.solarSystemId, system]));
  return {
    typeOf: (typeId) => typeMap.get(typeId),
    systemOf: (solarSystemId) => systemMap.get(solarSystemId),
    celestialsOf,
  };
}
