/** List pages: one page size and one caching rule, since lists change with every new killmail. */
export const PAGE_SIZE = 50;

export const LIST_CACHE_CONTROL = "public, max-age=30, stale-while-revalidate=60";

/** zKillboard's numbered pages go this deep; past that, its lists end too (and an offset grows costly). */
export const MAX_NUMBERED_PAGE = 100;

/**
 * zKillboard's `/<list>/page/<n>/` as our list with `?page=<n>` (the list reads it as an offset, and pages on by
 * keyset from there); null for any other path.
 */
export function numberedPagePath({ pathname, search }: { pathname: string; search: string }) {
  const match = /^((?:\/[^/]+)+\/)page\/(\d{1,4})\/?$/.exec(pathname.replace(/\/{2,}/g, "/"));
  const params = new URLSearchParams(search);
  // Once: a path already given a page number is not rewritten again (no nesting, no loop).
  if (!match || params.has("page")) return null;
  params.set("page", match[2]!);
  return { pathname: match[1]!, search: `?${params}` };
}

/** `?page=<n>` as rows to skip (0 without one); null for a number past zKillboard's last page or not one at all. */
export function numberedPageOffset({ page, pageSize = PAGE_SIZE }: { page: string | undefined; pageSize?: number }) {
  if (page === undefined) return 0;
  const number = Number(page);
  return /^\d{1,4}$/.test(page) && number >= 1 && number <= MAX_NUMBERED_PAGE ? (number - 1) * pageSize : null;
}

/** The same page with `after` set to `cursor` (a numbered page's number dropped), or null when the page was not full. */
export function nextPageUrl({ requestUrl, cursor, rowCount, pageSize = PAGE_SIZE }: { requestUrl: string; cursor: string | null; rowCount: number; pageSize?: number }) {
  if (!cursor || rowCount < pageSize) return null;
  const url = new URL(requestUrl);
  url.searchParams.delete("page");
  url.searchParams.set("after", cursor);
  return `${url.pathname}${url.search}`;
}
