/** Entity pages at zKillboard's paths: `/character/{id}/`, `/character/{id}/kills/`, `/losses/`, `/solo/`, … */
import { Hono, type Context } from "hono";
import type { PageDeps } from "../present/present.deps.ts";
import { createNotFoundError } from "../present/present.errors.ts";
import { LIST_CACHE_CONTROL } from "../present/present.paging.ts";
import { loadKillmailPage } from "../killmails/killmail.lists.ts";
import { ENTITY_KINDS, type EntityKind } from "../vocabulary/entity-kinds.ts";
import { isLossOf, filterForTab, KIND_TITLES, TABS, type Tab } from "./entity.models.ts";
import { presentEntityStats, presentIdentity } from "./entity.present.ts";
import { describeEntity, loadEntityStats } from "./entity.usecases.ts";
import { loadSnapshotPanel } from "../history/history.snapshots.usecases.ts";
import { presentSnapshotPanel } from "../history/history.present.ts";

type Deps = Pick<PageDeps, "sql" | "universe" | "renderer" | "now" | "live">;

/** Losses drawn red, and the same entity named for the rows live pages fetch one by one. */
function lossMarking({ kind, id }: { kind: EntityKind; id: number }) {
  const lossOf = isLossOf({ kind, id });
  return lossOf ? { lossOf, loss: `${kind}:${id}` } : {};
}

const TAB_TITLES: Record<Tab, string> = { all: "All", kills: "Kills", losses: "Losses", solo: "Solo kills" };

async function renderEntityPage({ c, deps, kind, tab }: { c: Context; deps: Deps; kind: EntityKind; tab: Tab }) {
  const text = c.req.param("id") ?? "";
  const id = /^\d{1,15}$/.test(text) ? Number(text) : null;
  const entity = id == null ? null : await describeEntity({ deps, kind, id });
  if (id == null || !entity) throw createNotFoundError({ what: KIND_TITLES[kind] });
  const [page, stats, snapshots] = await Promise.all([
    loadKillmailPage({ c, deps, filter: filterForTab({ kind, id, tab }), ...lossMarking({ kind, id }) }),
    loadEntityStats({ deps, kind, id, now: deps.now() }),
    kind === "corporation" || kind === "alliance" ? loadSnapshotPanel({ sql: deps.sql, kind, id, now: deps.now() }) : null,
  ]);
  const header = presentIdentity({ entity, universe: deps.universe });
  const tabs = TABS.map((name) => ({ title: TAB_TITLES[name], url: `/${kind}/${id}/${name === "all" ? "" : `${name}/`}`, current: name === tab }));
  const html = deps.renderer.render("entity", {
    title: `${entity.name} · ${KIND_TITLES[kind]}`, description: `Kills and losses of ${entity.name}`, ...header, ...presentEntityStats({ stats, universe: deps.universe }),
    kindTitle: KIND_TITLES[kind], tabs, listTitle: `${TAB_TITLES[tab]} of ${entity.name}`, ...page,
    snapshots: snapshots ? presentSnapshotPanel({ panel: snapshots }) : null, dailyUrl: `/${kind}/${id}/daily/`,
  });
  return c.html(html, 200, { "Cache-Control": LIST_CACHE_CONTROL });
}

export function createEntityRoutes({ deps }: { deps: Deps }) {
  const app = new Hono();
  for (const kind of ENTITY_KINDS) {
    app.get(`/${kind}/:id/`, (c) => renderEntityPage({ c, deps, kind, tab: "all" }));
    for (const tab of TABS.filter((name) => name !== "all")) {
      app.get(`/${kind}/:id/${tab}/`, (c) => renderEntityPage({ c, deps, kind, tab }));
    }
  }
  return app;
}
