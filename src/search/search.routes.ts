/** `/search/{term}/` (and `/search/?q=` from the form, redirected to the canonical path). */
import { Hono } from "hono";
import type { PageDeps } from "../present/present.deps.ts";
import type { SearchBackend } from "./search.models.ts";

export const SEARCH_TERM_MAX = 64;

/**
 * The term as searched. Control characters go: no name contains one, and PostgreSQL refuses U+0000 in text,
 * so a pasted or typed NUL would otherwise fail the query instead of finding the name around it.
 */
function cleanSearchTerm({ text }: { text: string }) {
  return text.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, SEARCH_TERM_MAX);
}

export function createSearchRoutes({ deps }: { deps: Pick<PageDeps, "renderer"> & { search: SearchBackend } }) {
  const render = async (term: string) => {
    const results = term.length >= 2 ? await deps.search.search({ term, limit: 50 }) : [];
    return deps.renderer.render("search", { title: term ? `Search: ${term}` : "Search", term, results, searchTerm: term });
  };
  return new Hono()
    .get("/search/", async (c) => {
      const term = cleanSearchTerm({ text: c.req.query("q") ?? "" });
      if (term) return c.redirect(`/search/${encodeURIComponent(term)}/`, 302);
      return c.html(await render(""), 200, { "Cache-Control": "public, max-age=3600" });
    })
    .get("/search/:term/", async (c) => {
      const term = cleanSearchTerm({ text: c.req.param("term") });
      return c.html(await render(term), 200, { "Cache-Control": "public, max-age=300" });
    });
}
