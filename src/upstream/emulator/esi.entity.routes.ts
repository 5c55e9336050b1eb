/**
 * ESI pilots, corporations and alliances (UPSTREAMS c.2, c.4). Names that have no captured answer are generated
 * (names.ts) and the answer says `X-Emulated: true`. `/universe/names` answers 404 with ESI's real message as
 * soon as one id cannot be resolved.
 */
import { Hono } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import { esiCached, esiError, esiPosted, readIdArray } from "./esi.respond.ts";
import { describeAlliance, describeCharacter, describeCorporation } from "./esi.entity.bodies.ts";
import { resolveName } from "./esi.names.ts";

// swagger x-cached-seconds / OpenAPI x-cache-age.
const CHARACTER_CACHE_SECONDS = 86_400;
const CORPORATION_CACHE_SECONDS = 3600;

export function createEsiEntityRoutes({ context }: { context: EmulatorContext }) {
  const app = new Hono<EmulatorEnv>();
  const lastModified = context.startedAt;

  app.get("/characters/:id{[0-9]+}", (c) => {
    const found = describeCharacter({ context, id: Number(c.req.param("id")) });
    if (!found) return esiError({ c, status: 404, message: "Character not found" });
    return esiCached({ c, body: found.body, cacheSeconds: CHARACTER_CACHE_SECONDS, lastModified, emulated: found.emulated });
  });

  app.get("/corporations/:id{[0-9]+}", (c) => {
    const found = describeCorporation({ context, id: Number(c.req.param("id")) });
    if (!found) return esiError({ c, status: 404, message: "Corporation not found" });
    return esiCached({ c, body: found.body, cacheSeconds: CORPORATION_CACHE_SECONDS, lastModified, emulated: found.emulated });
  });

  app.get("/alliances/:id{[0-9]+}", (c) => {
    const found = describeAlliance({ context, id: Number(c.req.param("id")) });
    if (!found) return esiError({ c, status: 404, message: "Alliance not found" });
    return esiCached({ c, body: found.body, cacheSeconds: CORPORATION_CACHE_SECONDS, lastModified, emulated: found.emulated });
  });

  app.post("/universe/names", async (c) => {
    const ids = await readIdArray({ c });
    if (!ids || ids.length === 0 || ids.length > 1000) return esiError({ c, status: 400, message: "Invalid body: expected 1 to 1000 ids" });
    const resolved = [...new Set(ids)].map((id) => resolveName({ context, id }));
    if (resolved.some((row) => !row)) return esiError({ c, status: 404, message: "Ensure all IDs are valid before resolving." });
    const rows = resolved.map((row) => row!);
    return esiPosted({ c, body: rows.map(({ emulated: _, ...row }) => row), emulated: rows.some((row) => row.emulated) });
  });

  app.post("/characters/affiliation", async (c) => {
    const ids = await readIdArray({ c });
    if (!ids || ids.length === 0 || ids.length > 1000) return esiError({ c, status: 400, message: "Invalid body: expected 1 to 1000 ids" });
    const known = ids.map((id) => context.entities.get(id)).filter((entity) => entity?.kind === "character" && entity.corporation_id);
    const body = known.map((entity) => ({
      ...(entity!.alliance_id ? { alliance_id: entity!.alliance_id } : {}),
      character_id: entity!.id,
      corporation_id: entity!.corporation_id!,
      ...(entity!.faction_id ? { faction_id: entity!.faction_id } : {}),
    }));
    return esiPosted({ c, body });
  });

  return app;
}
