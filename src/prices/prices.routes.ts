/**
 * `/item/{id}/prices/`: a type's price history and today's price explained. The item page itself (`/item/{id}/`)
 * is items/items.routes.ts.
 */
import { Hono, type Context } from "hono";
import type { PageDeps } from "../present/present.deps.ts";
import { createNotFoundError } from "../present/present.errors.ts";
import { INT4_MAX } from "../vocabulary/entity-kinds.ts";
import { loadPriceHistory } from "./history.usecases.ts";
import { typeInfoFrom } from "./lookup.usecases.ts";
import { presentPricePage } from "./prices.page.present.ts";

/** History gains a day once a day; an hour keeps the page close to the resolver without recomputing it per view. */
export const PRICE_PAGE_CACHE_CONTROL = "public, max-age=3600";

/** A type id as the SDE has them, or null (the page is then a 404). */
export const parseTypeId = (text: string) => (/^\d{1,10}$/.test(text) && Number(text) > 0 && Number(text) <= INT4_MAX ? Number(text) : null);

type Deps = Pick<PageDeps, "sql" | "universe" | "renderer" | "now">;

/** The type a `/item/{id}/…` path names, or a 404. */
export function ensureItemType({ c, universe }: { c: Context; universe: Deps["universe"] }) {
  const typeId = parseTypeId(c.req.param("id") ?? "");
  if (typeId == null || !universe.has.type(typeId)) throw createNotFoundError({ what: "Item type" });
  return typeId;
}

async function renderPricePage(c: Context, deps: Deps) {
  const typeId = ensureItemType({ c, universe: deps.universe });
  const data = await loadPriceHistory({ sql: deps.sql, typeOf: typeInfoFrom(deps.universe.type), typeId, now: deps.now() });
  return c.html(deps.renderer.render("price", presentPricePage({ data, universe: deps.universe })), 200, { "Cache-Control": PRICE_PAGE_CACHE_CONTROL });
}

export function createPriceRoutes({ deps }: { deps: Deps }) {
  return new Hono().get("/item/:id{[^/]+}/prices/", (c) => renderPricePage(c, deps));
}
