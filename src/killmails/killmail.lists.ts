/** Shared plumbing of every killmail list page: cursor in, rows and their names loaded, rows presented, "older" link out. */
import type { Context } from "hono";
import type { Sql } from "../db/db.client.ts";
import { resolveEntityNames } from "../names/names.usecases.ts";
import type { PageDeps } from "../present/present.deps.ts";
import { nextPageUrl, numberedPageOffset, PAGE_SIZE } from "../present/present.paging.ts";
import { createNotFoundError } from "../present/present.errors.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import { presentSummary } from "./killmail.list.present.ts";
import { presentLiveList, toLiveQuery } from "./killmail.live.present.ts";
import { summaryEntityKeys } from "./killmail.read.usecases.ts";
import { decodeCursor, encodeCursor, type KillmailFilter } from "./killmail.queries.ts";
import { createKillmailReadRepository, type KillmailSummary } from "./killmail.read.repository.ts";

/** Summary rows as the list templates show them, with one name look-up for the whole list. */
export async function presentSummaries({ sql, universe, rows, lossOf }: {
  sql: Sql; universe: UniverseNames; rows: KillmailSummary[]; lossOf?: (row: KillmailSummary) => boolean;
}) {
  const names = await resolveEntityNames({ sql, universe, keys: summaryEntityKeys(rows) });
  return rows.map((row) => presentSummary({ row, context: { universe, names }, lossOf }));
}

/** `loss` names the entity whose losses `lossOf` marks ("character:123"), so live rows are marked alike. */
export async function loadKillmailPage({ c, deps, filter, lossOf, loss }: {
  c: Context; deps: Pick<PageDeps, "sql" | "universe" | "live">; filter: Omit<KillmailFilter, "limit" | "cursor">;
  lossOf?: (row: KillmailSummary) => boolean; loss?: string;
}) {
  const after = c.req.query("after");
  const cursor = after ? decodeCursor({ text: after }) ?? undefined : undefined;
  // zKillboard's /page/<n>/ (see numberedPagePath): an offset for the first step, keyset paging after it.
  const offset = cursor ? 0 : numberedPageOffset({ page: c.req.query("page") });
  if (offset === null) throw createNotFoundError({ what: `Page ${c.req.query("page")}` });
  // Only a first page whose filter a subscription can say is live; only then is the head worth a read. It is read
  // before the rows: a kill stored in between is then both listed and replayed (live.js drops the second copy), never neither.
  const live = deps.live && !cursor && !offset && toLiveQuery({ filter }) ? deps.live : null;
  const head = live ? await live.readHead() : null;
  const rows = await createKillmailReadRepository({ sql: deps.sql }).listKillmails({ filter: { ...filter, cursor, offset, limit: PAGE_SIZE } });
  const last = rows.at(-1);
  return {
    rows: await presentSummaries({ sql: deps.sql, universe: deps.universe, rows, lossOf }),
    next: nextPageUrl({ requestUrl: c.req.url, rowCount: rows.length, cursor: last ? encodeCursor({ cursor: { time: last.killmailTime, id: last.killmailId } }) : null }),
    live: live && head !== null ? presentLiveList({ settings: live, filter, head, loss }) : null,
  };
}

/** One list row as the list templates show it, or null for an unknown killmail. */
export async function loadKillmailRow({ sql, universe, killmailId, lossOf }: {
  sql: Sql; universe: UniverseNames; killmailId: number; lossOf?: (row: KillmailSummary) => boolean;
}) {
  const rows = await createKillmailReadRepository({ sql }).listKillmails({ filter: { killmailId, limit: 1 } });
  const [row] = await presentSummaries({ sql, universe, rows, lossOf });
  return row ?? null;
}
