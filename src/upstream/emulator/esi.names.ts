/** Resolves one id for POST /universe/names: pilots, corporations and alliances we know, then the SDE. */
import type { EmulatorContext } from "./emulator.context.ts";

export type NameRow = { category: string; id: number; name: string; emulated: boolean };

export function resolveName({ context, id }: { context: EmulatorContext; id: number }): NameRow | undefined {
  const entity = context.entities.get(id);
  if (entity) return { category: entity.kind, id, name: entity.name, emulated: entity.emulated };
  const { universe } = context;
  const sources: [string, { name: string } | undefined][] = [
    ["inventory_type", universe.types.get(id)],
    ["solar_system", universe.systems.get(id)],
    ["constellation", universe.constellations.get(id)],
    ["region", universe.regions.get(id)],
    ["faction", universe.factions.get(id)],
    ["corporation", universe.npcCorporations.get(id)],
    ["station", universe.stations.get(id)],
  ];
  const hit = sources.find(([, row]) => row);
  return hit ? { category: hit[0], id, name: hit[1]!.name, emulated: false } : undefined;
}
