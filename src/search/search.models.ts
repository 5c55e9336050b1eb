/** One search across every named thing the board links to; backends (PostgreSQL, Typesense) share this shape. */
import { LOCATION_KINDS, PLAYER_KINDS } from "../vocabulary/entity-kinds.ts";

/** Items have no entity page but are searched by name too. */
export const SEARCH_KINDS = [...PLAYER_KINDS, "ship", "item", ...LOCATION_KINDS] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export type SearchResult = { kind: SearchKind; id: number; name: string; ticker: string | null; url: string };

export type SearchBackend = {
  name: string;
  search(input: { term: string; limit: number }): Promise<SearchResult[]>;
};

/** Items have no page of their own: their link is a search for the name. */
export function searchResultUrl({ kind, id, name }: { kind: SearchKind; id: number; name: string }) {
  if (kind === "item") return `/search/${encodeURIComponent(name)}/`;
  return `/${kind}/${id}/`;
}

/** Exact names first, then shorter names (closest to a prefix), then alphabetical: stable across backends. */
export function rankResults({ results, term, limit }: { results: Omit<SearchResult, "url">[]; term: string; limit: number }): SearchResult[] {
  const lower = term.toLowerCase();
  const score = (result: Omit<SearchResult, "url">) =>
    result.name.toLowerCase() === lower || result.ticker?.toLowerCase() === lower ? 0 : result.name.toLowerCase().startsWith(lower) ? 1 : 2;
  const seen = new Set<string>();
  return results
    .filter((result) => !seen.has(`${result.kind}:${result.id}`) && seen.add(`${result.kind}:${result.id}`))
    .sort((a, b) => score(a) - score(b) || a.name.length - b.name.length || a.name.localeCompare(b.name) || a.id - b.id)
    .slice(0, limit)
    .map((result) => ({ ...result, url: searchResultUrl(result) }));
}
