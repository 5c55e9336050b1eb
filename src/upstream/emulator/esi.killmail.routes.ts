/** ESI killmail detail (UPSTREAMS c.3, c.4): the body by id and hash; 422 on a wrong hash, 404 on an unknown id. */
import { Hono } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import { esiCached, esiError } from "./esi.respond.ts";

// OpenAPI x-cache-age of the route (swagger said ≈ 1 year).
const KILLMAIL_CACHE_SECONDS = 2_592_000;
const WAR_KILLMAILS_CACHE_SECONDS = 3600;

export function createEsiKillmailRoutes({ context }: { context: EmulatorContext }) {
  const app = new Hono<EmulatorEnv>();

  app.get("/killmails/:id{[0-9]+}/:hash", (c) => {
    const id = Number(c.req.param("id"));
    // Private kills (private.killmails.ts) are served like any other, though no feed publishes them.
    const record = context.dataset.byId.get(id) ?? context.privateKillmails.byId.get(id);
    // esi/esi-issues#1018: a known id with the wrong hash is 422, never 404.
    if (record && record.hash !== c.req.param("hash")) return esiError({ c, status: 422, message: "Invalid killmail_id and/or killmail_hash" });
    if (!record) return esiError({ c, status: 404, message: "Killmail not found" });
    return esiCached({ c, body: record.esi, cacheSeconds: KILLMAIL_CACHE_SECONDS, lastModified: context.startedAt, emulated: record.emulated });
  });

  app.get("/wars/:id{[0-9]+}/killmails", (c) => {
    const warId = Number(c.req.param("id"));
    const rows = [...(context.dataset.byWar.get(warId) ?? [])]
      .reverse()
      .map((record) => ({ killmail_hash: record.hash, killmail_id: record.killmail_id }));
    // Paginated route (x-pages.md); the emulator's wars fit on one page.
    c.header("X-Pages", "1");
    return esiCached({ c, body: rows, cacheSeconds: WAR_KILLMAILS_CACHE_SECONDS, lastModified: context.startedAt });
  });

  return app;
}
