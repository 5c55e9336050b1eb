/** `/`: the latest kills with the day's and week's panels beside them. */
import { Hono } from "hono";
import { presentSummary } from "../killmails/killmail.list.present.ts";
import { loadKillmailPage } from "../killmails/killmail.lists.ts";
import type { KillmailSummary } from "../killmails/killmail.read.repository.ts";
import type { PageDeps } from "../present/present.deps.ts";
import { LIST_CACHE_CONTROL } from "../present/present.paging.ts";
import { loadHomePanels } from "./home.usecases.ts";
import { presentTopRows } from "./stats.present.ts";
import { loadBoardSummary } from "./stats.board.usecases.ts";
import { presentBoardSummary } from "./stats.board.present.ts";

type Deps = Pick<PageDeps, "sql" | "universe" | "renderer" | "now" | "live" | "board">;

/** BOARD_ENTITIES' panel above the others; none without a board. */
async function presentBoardPanel({ deps }: { deps: Deps }) {
  if (!deps.board?.length) return undefined;
  return presentBoardSummary(await loadBoardSummary({ sql: deps.sql, universe: deps.universe, entities: deps.board }));
}

async function presentHomePanels({ deps }: { deps: Deps }) {
  const { isk24h, isk7d, activeLists, names } = await loadHomePanels({ sql: deps.sql, universe: deps.universe, now: deps.now(), board: deps.board });
  const context = { universe: deps.universe, names };
  const topKills = (rows: KillmailSummary[]) => rows.map((row) => presentSummary({ row, context }))
    .map((row) => ({ name: `${row.shipName} (${row.victimName})`, url: row.url, score: row.value }));
  const active = Object.fromEntries(activeLists.map((list) => [list.kind, presentTopRows({ list, names, universe: deps.universe, metric: "kills" })]));
  return {
    topIsk24h: topKills(isk24h), topIsk7d: topKills(isk7d),
    activeCharacters: active.character, activeCorporations: active.corporation, activeAlliances: active.alliance, activeSystems: active.system,
  };
}

export function createHomeRoutes({ deps }: { deps: Deps }) {
  return new Hono().get("/", async (c) => {
    const [page, panels, board] = await Promise.all([loadKillmailPage({ c, deps, filter: {} }), presentHomePanels({ deps }), presentBoardPanel({ deps })]);
    const title = board ? `${board.title}: latest kills` : "Latest kills";
    const html = deps.renderer.render("home", { title, ...page, ...panels, board, generatedAt: deps.now().toISOString().slice(11, 16) });
    return c.html(html, 200, { "Cache-Control": LIST_CACHE_CONTROL });
  });
}
