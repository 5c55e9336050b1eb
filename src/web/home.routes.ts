import { Hono } from "hono";
import { resolveEntityNames } from "../entities/names.usecases.ts";
import { createKillmailReadRepository } from "../killmails/killmail.read.repository.ts";
import { createTopRepository } from "../stats/stats.top.repository.ts";
import { type TopKind } from "../vocabulary/entity-kinds.ts";
import { formatIsk, formatNumber } from "./web.format.ts";
import type { WebDeps } from "./web.deps.ts";
import { DAY_MS, LIST_CACHE_CONTROL, loadKillmailPage } from "./web.lists.ts";
import { entityUrl, presentSummaries } from "./web.present.ts";

async function loadHomePanels({ deps }: { deps: WebDeps }) {
  const now = deps.now().getTime();
  const reads = createKillmailReadRepository({ sql: deps.sql });
  const tops = createTopRepository({ sql: deps.sql });
  const week = new Date(now - 7 * DAY_MS);
  const active = (kind: TopKind) => tops.topEntities({ kind, metric: "kills", since: week, limit: 5 });
  const [isk24h, isk7d, characters, corporations, alliances, systems] = await Promise.all([
    reads.listTopValueKillmails({ since: new Date(now - DAY_MS), limit: 5 }),
    reads.listTopValueKillmails({ since: week, limit: 5 }),
    active("character"), active("corporation"), active("alliance"), active("system"),
  ]);
  const names = await resolveEntityNames({
    sql: deps.sql, universe: deps.universe,
    keys: [...characters.map((r) => ({ kind: "character" as const, id: r.id })), ...corporations.map((r) => ({ kind: "corporation" as const, id: r.id })),
      ...alliances.map((r) => ({ kind: "alliance" as const, id: r.id }))],
  });
  const topKills = async (rows: typeof isk24h) =>
    (await presentSummaries({ sql: deps.sql, universe: deps.universe, rows })).map((row) => ({ name: `${row.shipName} (${row.victimName})`, url: row.url, score: row.value }));
  const entities = (kind: string, rows: { id: number; score: number }[]) =>
    rows.map((row) => ({ name: names.name(kind, row.id), url: entityUrl(kind, row.id), score: formatNumber(row.score) }));
  return {
    topIsk24h: await topKills(isk24h), topIsk7d: await topKills(isk7d),
    activeCharacters: entities("character", characters), activeCorporations: entities("corporation", corporations),
    activeAlliances: entities("alliance", alliances),
    activeSystems: systems.map((row) => ({ name: deps.universe.systemName(row.id), url: entityUrl("system", row.id), score: formatNumber(row.score) })),
  };
}

export function createHomeRoutes({ deps }: { deps: WebDeps }) {
  return new Hono().get("/", async (c) => {
    const [page, panels] = await Promise.all([loadKillmailPage({ c, deps, filter: {} }), loadHomePanels({ deps })]);
    const html = deps.renderer.render("home", { title: "Latest kills", ...page, ...panels, generatedAt: deps.now().toISOString().slice(11, 16), formatIsk });
    return c.html(html, 200, { "Cache-Control": LIST_CACHE_CONTROL });
  });
}
