/**
 * serve's half of the live pages: live.js learns a killmail's id over `/ws/v1` and asks here for its row, so the
 * browser inserts exactly the markup the list template renders, escaped on the server like every other page.
 * Cached like a list, not like a kill: a kill just stored may still be waiting for its names.
 */
import { Hono } from "hono";
import { isLossOf } from "../entities/entity.models.ts";
import { loadKillmailRow } from "../killmails/killmail.lists.ts";
import { parseKillmailId } from "../killmails/killmail.routes.ts";
import type { PageDeps } from "../present/present.deps.ts";
import { createNotFoundError } from "../present/present.errors.ts";
import { LIST_CACHE_CONTROL } from "../present/present.paging.ts";
import { isEntityKind } from "../vocabulary/entity-kinds.ts";

/** `loss=character:123`: the entity page whose losses the row marks; anything else marks nothing. */
function parseLoss({ value }: { value: string | undefined }) {
  const [, kind, id] = /^([a-z]+):(\d{1,15})$/.exec(value ?? "") ?? [];
  if (!kind || !id || !isEntityKind(kind)) return undefined;
  return isLossOf({ kind, id: Number(id) });
}

export function createLiveRoutes({ deps }: { deps: Pick<PageDeps, "sql" | "universe" | "renderer"> }) {
  return new Hono().get("/partials/killmail-row/:id{[^/]+}/", async (c) => {
    const killmailId = parseKillmailId(c.req.param("id"));
    const row = killmailId == null ? null : await loadKillmailRow({ sql: deps.sql, universe: deps.universe, killmailId, lossOf: parseLoss({ value: c.req.query("loss") }) });
    if (!row) throw createNotFoundError({ what: "Killmail" });
    return c.html(deps.renderer.render("killmail-row", { row }), 200, { "Cache-Control": LIST_CACHE_CONTROL });
  });
}
