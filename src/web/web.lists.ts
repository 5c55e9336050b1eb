/** Shared plumbing of every killmail list page: cursor in, rows presented, "older" link out. */
import type { Context } from "hono";
import { decodeCursor, encodeCursor, type KillmailFilter } from "../killmails/killmail.queries.ts";
import { createKillmailReadRepository, type KillmailSummary } from "../killmails/killmail.read.repository.ts";
import type { WebDeps } from "./web.deps.ts";
import { presentSummaries } from "./web.present.ts";

export const PAGE_SIZE = 50;

export async function loadKillmailPage({ c, deps, filter, lossOf }: {
  c: Context; deps: WebDeps; filter: Omit<KillmailFilter, "limit" | "cursor">; lossOf?: (row: KillmailSummary) => boolean;
}) {
  const after = c.req.query("after");
  const cursor = after ? decodeCursor({ text: after }) ?? undefined : undefined;
  const rows = await createKillmailReadRepository({ sql: deps.sql }).listKillmails({ filter: { ...filter, cursor, limit: PAGE_SIZE } });
  const last = rows.at(-1);
  const url = new URL(c.req.url);
  if (last && rows.length === PAGE_SIZE) url.searchParams.set("after", encodeCursor({ cursor: { time: last.killmailTime, id: last.killmailId } }));
  return {
    rows: await presentSummaries({ sql: deps.sql, universe: deps.universe, rows, lossOf }),
    next: last && rows.length === PAGE_SIZE ? `${url.pathname}${url.search}` : null,
  };
}

/** HTML pages: short shared caching, since lists change with every new killmail. */
export const LIST_CACHE_CONTROL = "public, max-age=30, stale-while-revalidate=60";
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
