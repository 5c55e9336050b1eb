/** Daily pages at zKillboard's path `/{kind}/{id}/daily/`: the last days' kills, losses, ISK and efficiency. */
import { Hono, type Context } from "hono";
import { describeEntity } from "./entity.usecases.ts";
import { KIND_TITLES } from "./entity.models.ts";
import type { PageDeps } from "../present/present.deps.ts";
import { createNotFoundError } from "../present/present.errors.ts";
import { entityUrl } from "../present/present.urls.ts";
import { ENTITY_KINDS, fitsKindColumn, type EntityKind } from "../vocabulary/entity-kinds.ts";
import { presentDailyRows } from "../history/history.present.ts";
import { loadRecentDays } from "../history/history.usecases.ts";

/** Three months: enough to see a campaign's rhythm, few enough for one table. */
export const DAILY_PAGE_DAYS = 90;

type Deps = Pick<PageDeps, "sql" | "universe" | "renderer" | "now">;

async function renderDailyPage({ c, deps, kind }: { c: Context; deps: Deps; kind: EntityKind }) {
  const text = c.req.param("id") ?? "";
  const id = /^\d{1,15}$/.test(text) && fitsKindColumn({ kind, id: Number(text) }) ? Number(text) : null;
  const entity = id == null ? null : await describeEntity({ deps, kind, id });
  if (id == null || !entity) throw createNotFoundError({ what: KIND_TITLES[kind] });
  const days = await loadRecentDays({ sql: deps.sql, scope: { kind, id }, now: deps.now(), days: DAILY_PAGE_DAYS });
  const html = deps.renderer.render("daily", {
    title: `${entity.name} · daily`, description: `Kills and losses of ${entity.name} per day`,
    name: entity.name, kindTitle: KIND_TITLES[kind], entityUrl: entityUrl(kind, id), days: DAILY_PAGE_DAYS, ...presentDailyRows({ days }),
  });
  return c.html(html, 200, { "Cache-Control": "public, max-age=300" });
}

export function createEntityDailyRoutes({ deps }: { deps: Deps }) {
  const app = new Hono();
  for (const kind of ENTITY_KINDS) app.get(`/${kind}/:id/daily/`, (c) => renderDailyPage({ c, deps, kind }));
  return app;
}
