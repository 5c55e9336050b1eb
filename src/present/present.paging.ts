/** List pages: one page size and one caching rule, since lists change with every new killmail. */
export const PAGE_SIZE = 50;

export const LIST_CACHE_CONTROL = "public, max-age=30, stale-while-revalidate=60";

/** The same page with `after` set to `cursor`, or null when the page was not full (nothing older). */
export function nextPageUrl({ requestUrl, cursor, rowCount, pageSize = PAGE_SIZE }: { requestUrl: string; cursor: string | null; rowCount: number; pageSize?: number }) {
  if (!cursor || rowCount < pageSize) return null;
  const url = new URL(requestUrl);
  url.searchParams.set("after", cursor);
  return `${url.pathname}${url.search}`;
}
