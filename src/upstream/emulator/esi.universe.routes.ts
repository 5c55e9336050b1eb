/**
 * ESI static and market routes from the bundled SDE and price data (UPSTREAMS c.4, 3.3). Fields the bundle
 * lacks (descriptions, system planets) are left out or empty; /markets/prices mixes 56 real rows (EVE Ref's captures) with
 * corpus-derived averages and /status is invented, so both say `X-Emulated: true`.
 */
import { Hono } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import { esiCached, esiError } from "./esi.respond.ts";
import { marketData } from "./market.data.ts";

// The universe routes have no documented cache age (OpenAPI "n/a"); ESI serves them with a day.
const UNIVERSE_CACHE_SECONDS = 86_400;
const PRICES_CACHE_SECONDS = 3600;
const STATUS_CACHE_SECONDS = 30;

const compact = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null && value !== undefined));

export function createEsiUniverseRoutes({ context }: { context: EmulatorContext }) {
  const app = new Hono<EmulatorEnv>();
  const { universe } = context;
  const cached = { cacheSeconds: UNIVERSE_CACHE_SECONDS, lastModified: context.startedAt };

  app.get("/universe/types/:id{[0-9]+}", (c) => {
    const row = universe.types.get(Number(c.req.param("id")));
    if (!row) return esiError({ c, status: 404, message: "Type not found" });
    const body = compact({
      capacity: row.capacity, description: "", group_id: row.group_id, market_group_id: row.market_group_id, mass: row.mass,
      name: row.name, portion_size: row.portion_size, published: row.published ?? false, type_id: row.type_id, volume: row.volume,
    });
    return esiCached({ c, body, ...cached });
  });

  app.get("/universe/groups/:id{[0-9]+}", (c) => {
    const row = universe.groups.get(Number(c.req.param("id")));
    if (!row) return esiError({ c, status: 404, message: "Group not found" });
    const body = { category_id: row.category_id, group_id: row.group_id, name: row.name, published: row.published ?? false, types: universe.typesOfGroup.get(row.group_id) ?? [] };
    return esiCached({ c, body, ...cached });
  });

  app.get("/universe/systems/:id{[0-9]+}", (c) => {
    const id = Number(c.req.param("id"));
    const row = universe.systems.get(id);
    if (!row) return esiError({ c, status: 404, message: "Solar system not found" });
    const body = compact({
      constellation_id: row.constellation_id, name: row.name, position: universe.positions.get(id) ?? { x: 0, y: 0, z: 0 },
      security_class: row.security_class, security_status: row.security, system_id: id,
    });
    return esiCached({ c, body, ...cached });
  });

  app.get("/markets/prices", async (c) => {
    const body = (await marketData()).priceRows();
    return esiCached({ c, body, cacheSeconds: PRICES_CACHE_SECONDS, lastModified: context.startedAt, emulated: true });
  });

  app.get("/status", (c) => {
    const body = { players: 20_000 + (Math.floor(context.now() / 60_000) % 5000), server_version: "2999999", start_time: new Date(context.startedAt).toISOString().replace(/\.\d{3}Z$/, "Z") };
    return esiCached({ c, body, cacheSeconds: STATUS_CACHE_SECONDS, lastModified: context.startedAt, emulated: true });
  });

  return app;
}
