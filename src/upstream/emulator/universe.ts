/** Static game data for /universe/* and for names in events: the bundled SDE plus the corpus extras. */
import { readSdeRows, readUpstreamJson } from "./bundle.ts";

export type TypeRow = {
  type_id: number; name: string; group_id: number; category_id: number; published?: boolean;
  market_group_id?: number | null; mass?: number | null; volume?: number | null; capacity?: number | null; portion_size?: number | null;
};
export type GroupRow = { group_id: number; category_id: number; name: string; published?: boolean };
export type SystemRow = { solar_system_id: number; name: string; constellation_id: number; region_id: number; security: number; security_class?: string | null };
type Named = { name: string };
type CorpusSde = {
  types: Record<string, { name: string; group_id: number; category_id: number; market_group_id?: number }>;
  groups: Record<string, { name: string; category_id: number }>;
  systems: Record<string, { name: string; constellation_id: number; region_id: number; security: number }>;
};

export type Universe = Awaited<ReturnType<typeof loadUniverse>>;

const byKey = <T, K extends keyof T>(rows: T[], key: K) => new Map(rows.map((row) => [row[key] as number, row]));

/** The 2024 SDE lacks 19 newer corpus types (UPSTREAMS 3.1); Shrike's corpus extract fills them in. */
async function loadCorpusExtras({ types, groups, systems }: {
  types: Map<number, TypeRow>; groups: Map<number, GroupRow>; systems: Map<number, SystemRow>;
}) {
  const corpus = await readUpstreamJson<CorpusSde>({ name: "corpusSde" });
  for (const [id, row] of Object.entries(corpus.types)) {
    if (!types.has(Number(id))) types.set(Number(id), { type_id: Number(id), published: true, ...row });
  }
  for (const [id, row] of Object.entries(corpus.groups)) {
    if (!groups.has(Number(id))) groups.set(Number(id), { group_id: Number(id), published: true, ...row });
  }
  for (const [id, row] of Object.entries(corpus.systems)) {
    if (!systems.has(Number(id))) systems.set(Number(id), { solar_system_id: Number(id), ...row });
  }
}

export async function loadUniverse() {
  const types = byKey(await readSdeRows<TypeRow>({ table: "types" }), "type_id");
  const groups = byKey(await readSdeRows<GroupRow>({ table: "groups" }), "group_id");
  const systems = byKey(await readSdeRows<SystemRow>({ table: "solar_systems" }), "solar_system_id");
  await loadCorpusExtras({ types, groups, systems });
  const typesOfGroup = new Map<number, number[]>();
  for (const row of types.values()) {
    if (!typesOfGroup.has(row.group_id)) typesOfGroup.set(row.group_id, []);
    typesOfGroup.get(row.group_id)!.push(row.type_id);
  }
  const named = async (table: string, key: string) =>
    new Map((await readSdeRows<Record<string, unknown>>({ table })).map((row) => [row[key] as number, row as unknown as Named]));
  const positions = new Map(
    (await readUpstreamJson<number[][]>({ name: "systemPositions" })).map(([id, x, y, z]) => [id!, { x: x!, y: y!, z: z! }]),
  );
  return {
    types, groups, systems, typesOfGroup, positions,
    categories: await named("categories", "category_id") as Map<number, Named & { published?: boolean }>,
    constellations: await named("constellations", "constellation_id") as Map<number, Named & { region_id: number }>,
    regions: await named("regions", "region_id"),
    factions: await named("factions", "faction_id"),
    npcCorporations: await named("npc_corporations", "corporation_id"),
    stations: await named("stations", "station_id"),
  };
}
