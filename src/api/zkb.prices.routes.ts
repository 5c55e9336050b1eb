/**
 * zKillboard's `GET /api/prices/{typeID}/`: every stored day's The Forge average by date, then `currentPrice`
 * (the price a kill now would be valued at). A malformed id is a 400 and a type the SDE does not know a 404,
 * each with zKillboard's `{"error": "..."}` body.
 */
import { Hono } from "hono";
import { toZkbPriceJson } from "../prices/history.models.ts";
import { loadPriceHistory } from "../prices/history.usecases.ts";
import { typeInfoFrom } from "../prices/lookup.usecases.ts";
import { parseTypeId } from "../prices/prices.routes.ts";
import type { PageDeps } from "../present/present.deps.ts";

/** History gains one day a day; zKillboard caches its API responses for an hour too. */
const PRICES_CACHE_CONTROL = "public, max-age=3600";

export function createZkbPriceRoutes({ deps }: { deps: Pick<PageDeps, "sql" | "universe" | "now"> }) {
  return new Hono().get("/:typeId/", async (c) => {
    const typeId = parseTypeId(c.req.param("typeId"));
    if (typeId == null) return c.json({ error: "Invalid typeID: expected a type id from 1 to 2147483647" }, 400);
    if (!deps.universe.has.type(typeId)) return c.json({ error: `Unknown typeID ${typeId}` }, 404);
    const { history, today } = await loadPriceHistory({ sql: deps.sql, typeOf: typeInfoFrom(deps.universe.type), typeId, now: deps.now() });
    return c.json(toZkbPriceJson({ history, currentPrice: today.unitPrice }), 200, { "Cache-Control": PRICES_CACHE_CONTROL });
  });
}
