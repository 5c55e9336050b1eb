/** `/item/{id}/`: a type's page: its price today and its chart, the recent kills where it was lost, its largest losses. */
import { Hono } from "hono";
import type { PageDeps } from "../present/present.deps.ts";
import { LIST_CACHE_CONTROL } from "../present/present.paging.ts";
import { ensureItemType } from "../prices/prices.routes.ts";
import { presentItemPage } from "./items.present.ts";
import { loadItemPage } from "./items.usecases.ts";

export function createItemRoutes({ deps }: { deps: Pick<PageDeps, "sql" | "universe" | "renderer" | "now"> }) {
  return new Hono().get("/item/:id{[^/]+}/", async (c) => {
    const typeId = ensureItemType({ c, universe: deps.universe });
    const page = await loadItemPage({ deps, typeId });
    return c.html(deps.renderer.render("item", presentItemPage({ page, universe: deps.universe })), 200, { "Cache-Control": LIST_CACHE_CONTROL });
  });
}
