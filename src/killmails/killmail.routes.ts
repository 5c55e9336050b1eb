/** `/kill/{id}/`: one killmail with its fit, values explained line by line, attackers and related kills. */
import { Hono } from "hono";
import type { PageDeps } from "../present/present.deps.ts";
import { createNotFoundError } from "../present/present.errors.ts";
import { presentKillPage } from "./killmail.page.present.ts";
import { loadKillmailDetail } from "./killmail.read.usecases.ts";

/** Killmails never change; names and prices can, so pages are cached for minutes, not forever. */
export const KILL_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=3600";

export function parseKillmailId(text: string) {
  return /^\d{1,15}$/.test(text) ? Number(text) : null;
}

export function createKillmailRoutes({ deps }: { deps: Pick<PageDeps, "sql" | "universe" | "renderer"> }) {
  return new Hono().get("/kill/:id{[^/]+}/", async (c) => {
    const killmailId = parseKillmailId(c.req.param("id"));
    if (killmailId == null) throw createNotFoundError({ what: "Killmail" });
    const data = await loadKillmailDetail({ sql: deps.sql, universe: deps.universe, killmailId });
    const page = presentKillPage({ data, universe: deps.universe });
    return c.html(deps.renderer.render("kill", page), 200, { "Cache-Control": KILL_CACHE_CONTROL });
  });
}
