/**
 * Static names (types, groups, systems, regions, factions, flags) change only with an SDE load, so the web
 * process holds them in memory. A missing name is never an error: the page shows "Unknown #id".
 */
import type { Sql } from "../db/db.client.ts";
import { createUniverseRepository } from "./universe.repository.ts";
import { celestialName } from "./celestials.bundle.ts";

export type TypeName = { name: string; groupId: number; categoryId: number; basePrice: number | null };
export type SystemName = { name: string; security: number; constellationId: number; regionId: number };

export type UniverseNames = Awaited<ReturnType<typeof loadUniverseNames>>;

const byId = <T, K extends keyof T>(rows: T[], key: K) => new Map(rows.map((row) => [row[key] as unknown as number, row]));

export async function loadUniverseNames({ sql }: { sql: Sql }) {
  const repository = createUniverseRepository({ sql });
  const [types, groups, systems, constellations, regions, factions, npcCorporations, flags] = await Promise.all([
    repository.listTypes(), repository.listGroups(), repository.listSystemNames(), repository.listConstellations(),
    repository.listRegions(), repository.listFactions(), repository.listNpcCorporations(), repository.listItemFlags(),
  ]);
  const maps = {
    types: byId(types, "typeId"), groups: byId(groups, "groupId"), systems: byId(systems, "solarSystemId"),
    constellations: byId(constellations, "constellationId"), regions: byId(regions, "regionId"),
    factions: byId(factions, "factionId"), npcCorporations: byId(npcCorporations, "corporationId"), flags: byId(flags, "flagId"),
  };
  // Built on first use: only group pages ask which types a group holds.
  let typesByGroup: Map<number, number[]> | undefined;
  const indexTypesByGroup = () => {
    const index = new Map<number, number[]>();
    for (const type of types) {
      let list = index.get(type.groupId);
      if (!list) index.set(type.groupId, (list = []));
      list.push(type.typeId);
    }
    return (typesByGroup = index);
  };
  return {
    /** The type ids of a group, in SDE order (its group page links each to its item page). */
    typesOfGroup: (groupId: number) => (typesByGroup ?? indexTypesByGroup()).get(groupId) ?? [],
    /** A planet, moon, belt, gate or station name from the bundled celestials; undefined when unknown. */
    celestialName: ({ solarSystemId, celestialId }: { solarSystemId: number; celestialId: number | null }) =>
      (celestialId == null ? undefined : celestialName({ solarSystemId, celestialId })),
    type: (id: number | null | undefined) => (id == null ? undefined : maps.types.get(id)),
    typeName: (id: number | null | undefined) => (id == null ? "" : maps.types.get(id)?.name ?? `Unknown type #${id}`),
    group: (id: number | null | undefined) => (id == null ? undefined : maps.groups.get(id)),
    groupName: (id: number | null | undefined) => (id == null ? "" : maps.groups.get(id)?.name ?? `Unknown group #${id}`),
    system: (id: number | null | undefined) => (id == null ? undefined : maps.systems.get(id)),
    systemName: (id: number | null | undefined) => (id == null ? "" : maps.systems.get(id)?.name ?? `Unknown system #${id}`),
    constellationName: (id: number | null | undefined) => (id == null ? "" : maps.constellations.get(id)?.name ?? `Unknown #${id}`),
    constellation: (id: number) => maps.constellations.get(id),
    regionName: (id: number | null | undefined) => (id == null ? "" : maps.regions.get(id)?.name ?? `Unknown #${id}`),
    factionName: (id: number | null | undefined) => (id == null ? "" : maps.factions.get(id)?.name ?? `Unknown faction #${id}`),
    npcCorporation: (id: number) => maps.npcCorporations.get(id),
    flag: (id: number) => maps.flags.get(id),
    has: { region: (id: number) => maps.regions.has(id), constellation: (id: number) => maps.constellations.has(id),
      system: (id: number) => maps.systems.has(id), type: (id: number) => maps.types.has(id), group: (id: number) => maps.groups.has(id),
      faction: (id: number) => maps.factions.has(id) },
  };
}
