/**
 * ESI categories, constellations and regions from the bundled SDE (UPSTREAMS c.4). Child lists are derived from
 * the SDE rows; constellation positions are not bundled, so those answers use the mean of their systems'.
 */
import { Hono } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import { esiCached, esiError } from "./esi.respond.ts";
import type { Universe } from "./universe.ts";

const UNIVERSE_CACHE_SECONDS = 86_400;

function indexChildren(universe: Universe) {
  const groupsOf = new Map<number, number[]>();
  const systemsOf = new Map<number, number[]>();
  const constellationsOf = new Map<number, number[]>();
  const push = (map: Map<number, number[]>, key: number, value: number) => map.set(key, [...(map.get(key) ?? []), value]);
  for (const group of universe.groups.values()) push(groupsOf, group.category_id, group.group_id);
  for (const system of universe.systems.values()) push(systemsOf, system.constellation_id, system.solar_system_id);
  for (const [id, constellation] of universe.constellations) push(constellationsOf, constellation.region_id, id);
  return { groupsOf, systemsOf, constellationsOf };
}

function meanPosition({ universe, systems }: { universe: Universe; systems: number[] }) {
  const known = systems.map((id) => universe.positions.get(id)).filter((position) => position !== undefined);
  const mean = (axis: "x" | "y" | "z") => (known.length ? known.reduce((sum, position) => sum + position[axis], 0) / known.length : 0);
  return { x: mean("x"), y: mean("y"), z: mean("z") };
}

export function createEsiMapRoutes({ context }: { context: EmulatorContext }) {
  const app = new Hono<EmulatorEnv>();
  const { universe } = context;
  const children = indexChildren(universe);
  const cached = { cacheSeconds: UNIVERSE_CACHE_SECONDS, lastModified: context.startedAt };

  app.get("/universe/categories/:id{[0-9]+}", (c) => {
    const id = Number(c.req.param("id"));
    const row = universe.categories.get(id);
    if (!row) return esiError({ c, status: 404, message: "Category not found" });
    return esiCached({ c, body: { category_id: id, groups: children.groupsOf.get(id) ?? [], name: row.name, published: row.published ?? false }, ...cached });
  });

  app.get("/universe/constellations/:id{[0-9]+}", (c) => {
    const id = Number(c.req.param("id"));
    const row = universe.constellations.get(id);
    if (!row) return esiError({ c, status: 404, message: "Constellation not found" });
    const systems = children.systemsOf.get(id) ?? [];
    const body = { constellation_id: id, name: row.name, position: meanPosition({ universe, systems }), region_id: row.region_id, systems };
    return esiCached({ c, body, ...cached, emulated: true });
  });

  app.get("/universe/regions/:id{[0-9]+}", (c) => {
    const id = Number(c.req.param("id"));
    const row = universe.regions.get(id);
    if (!row) return esiError({ c, status: 404, message: "Region not found" });
    return esiCached({ c, body: { constellations: children.constellationsOf.get(id) ?? [], description: "", name: row.name, region_id: id }, ...cached });
  });

  return app;
}
