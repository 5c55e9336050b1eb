/** The EVE-KILL event shapes' name lookups (src/ekws/ekws.kill.ts) over the emulator's static data and entities. */
import type { NameLookup } from "../../ekws/ekws.kill.ts";
import type { EmulatorContext } from "./emulator.context.ts";

export function createNameLookup({ context }: { context: EmulatorContext }): NameLookup {
  const { universe, entities } = context;
  return {
    entity: (id?: number) =>
      id ? (entities.get(id)?.name ?? universe.npcCorporations.get(id)?.name ?? universe.factions.get(id)?.name ?? null) : null,
    type: (id?: number) => (id ? (universe.types.get(id)?.name ?? null) : null),
    group: (typeId?: number) => {
      const groupId = typeId ? universe.types.get(typeId)?.group_id : undefined;
      return { id: groupId ?? 0, name: groupId !== undefined ? (universe.groups.get(groupId)?.name ?? null) : null };
    },
    system: (id: number) => {
      const row = universe.systems.get(id);
      return {
        name: row?.name ?? null,
        security: row?.security ?? 0,
        constellationId: row?.constellation_id ?? 0,
        constellationName: row ? (universe.constellations.get(row.constellation_id)?.name ?? null) : null,
        regionId: row?.region_id ?? 0,
        regionName: row ? (universe.regions.get(row.region_id)?.name ?? null) : null,
      };
    },
  };
}
