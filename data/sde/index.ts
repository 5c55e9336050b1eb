// The compressed SDE bundle, imported as files so the compiled binary carries it (scripts/build-sde.ts makes it).
import categories from "./categories.jsonl.gz" with { type: "file" };
import celestials from "./celestials.jsonl.gz" with { type: "file" };
import constellations from "./constellations.jsonl.gz" with { type: "file" };
import factions from "./factions.jsonl.gz" with { type: "file" };
import groups from "./groups.jsonl.gz" with { type: "file" };
import itemFlags from "./item_flags.jsonl.gz" with { type: "file" };
import marketGroups from "./market_groups.jsonl.gz" with { type: "file" };
import metaGroups from "./meta_groups.jsonl.gz" with { type: "file" };
import npcCorporations from "./npc_corporations.jsonl.gz" with { type: "file" };
import regions from "./regions.jsonl.gz" with { type: "file" };
import solarSystems from "./solar_systems.jsonl.gz" with { type: "file" };
import stations from "./stations.jsonl.gz" with { type: "file" };
import systemLinks from "./system_links.jsonl.gz" with { type: "file" };
import typeAttributes from "./type_attributes.jsonl.gz" with { type: "file" };
import types from "./types.jsonl.gz" with { type: "file" };

/** Table name → path of its gzipped JSON-lines file. */
export const sdeBundle: Record<string, string> = {
  categories,
  groups,
  market_groups: marketGroups,
  meta_groups: metaGroups,
  types,
  item_flags: itemFlags,
  factions,
  npc_corporations: npcCorporations,
  regions,
  constellations,
  solar_systems: solarSystems,
  stations,
  type_attributes: typeAttributes,
  system_links: systemLinks,
};

/** Celestials per solar system (scripts/build-celestials.ts); read in memory by src/universe/celestials.bundle.ts, not loaded into the database. */
export const celestialsBundle: string = celestials;
