/** `/kill/{id}/`: one killmail with its fit, values explained line by line, attackers and related kills. */
import { Hono } from "hono";
import type { PageDeps } from "../present/present.deps.ts";
import { createNotFoundError } from "../present/present.errors.ts";
import { presentAttackersPage, presentKillPage } from "./killmail.page.present.ts";
import { createKillmailReader } from "./killmail.read.usecases.ts";

/** Killmails never change; names and prices can, so pages are cached for minutes, not forever. */
export const KILL_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=3600";

export function parseKillmailId(text: string) {
  return /^\d{1,15}$/.test(text) ? Number(text) : null;
}

export function createKillmailRoutes({ deps }: { deps: Pick<PageDeps, "sql" | "universe" | "renderer"> }) {
  const reader = createKillmailReader({ sql: deps.sql });
  const load = async ({ id, withRelated }: { id: string; withRelated: boolean }) => {
    const killmailId = parseKillmailId(id);
    if (killmailId == null) throw createNotFoundError({ what: "Killmail" });
    return reader.loadKillmailDetail({ universe: deps.universe, killmailId, withRelated });
  };
  return new Hono()
    .get("/kill/:id{[^/]+}/", async (c) => {
      const page = presentKillPage({ data: await load({ id: c.req.param("id"), withRelated: true }), universe: deps.universe });
      return c.html(deps.renderer.render("kill", page), 200, { "Cache-Control": KILL_CACHE_CONTROL });
    })
    // Every attacker, a hundred a page: the kill page itself shows the top ten (a titan kill has nearly a thousand).
    .get("/kill/:id{[^/]+}/attackers/", async (c) => {
      const page = presentAttackersPage({ data: await load({ id: c.req.param("id"), withRelated: false }), universe: deps.universe, page: c.req.query("page") });
      if (!page) throw createNotFoundError({ what: "Attackers page" });
      return c.html(deps.renderer.render("kill-attackers", page), 200, { "Cache-Control": KILL_CACHE_CONTROL });
    });
}
