/** Board-wide pages: kill-type lists, label lists, top lists, and the rules page that explains them. */
import { Hono, type Context } from "hono";
import { loadKillmailPage } from "../killmails/killmail.lists.ts";
import { KILL_TYPES } from "../killmails/killmail.queries.ts";
import { RULES } from "../killmails/rules.ts";
import type { PageDeps } from "../present/present.deps.ts";
import { createNotFoundError } from "../present/present.errors.ts";
import { LIST_CACHE_CONTROL } from "../present/present.paging.ts";
import { presentTopLists } from "./stats.present.ts";
import type { TopMetric } from "./stats.top.repository.ts";
import { WEEK_MS } from "../app/time.ts";
import { loadTopLists } from "./stats.usecases.ts";

/** zKillboard's own names for some lists, so its links keep working here. */
const KILL_TYPE_ALIASES: Record<string, string> = { bigkills: "big", "5b+": "5b", "10b+": "10b", wspace: "w-space" };
const LABEL_PATTERN = /^[a-z0-9#:+\-]{1,32}$/i;
const METRICS: Record<TopMetric, string> = { kills: "kills", points: "points", isk: "ISK destroyed" };
const PERIODS = ["week", "alltime"] as const;

type Deps = Pick<PageDeps, "sql" | "universe" | "renderer" | "now" | "live" | "board">;

async function renderTopPage({ c, deps }: { c: Context; deps: Deps }) {
  const period = c.req.param("period") ?? "week";
  const metric = (c.req.param("metric") ?? "kills") as TopMetric;
  if (!(PERIODS as readonly string[]).includes(period) || !Object.hasOwn(METRICS, metric)) throw createNotFoundError({ what: "Top list" });
  const since = period === "week" ? new Date(deps.now().getTime() - WEEK_MS) : undefined;
  const { lists, names } = await loadTopLists({ sql: deps.sql, universe: deps.universe, metric, since, board: deps.board });
  const tabs = PERIODS.flatMap((p) => (Object.keys(METRICS) as TopMetric[]).map((m) => ({
    title: `${p === "week" ? "This week" : "All time"} by ${METRICS[m]}`, url: `/top/${p}/${m}/`, current: p === period && m === metric })));
  const intro = deps.board?.length ? "Pilots, corporations and alliances are ranked by what they did as members of this board's entities." : undefined;
  const html = deps.renderer.render("top", { title: "Top lists", intro, lists: presentTopLists({ lists, names, universe: deps.universe, metric }), tabs });
  return c.html(html, 200, { "Cache-Control": "public, max-age=300" });
}

export function createStatsRoutes({ deps }: { deps: Deps }) {
  const listPage = async (c: Context, title: string, label: string) => {
    const page = await loadKillmailPage({ c, deps, filter: { labels: [label] } });
    const html = deps.renderer.render("list", { title, intro: `Killmails labelled ${label}.`, ...page });
    return c.html(html, 200, { "Cache-Control": LIST_CACHE_CONTROL });
  };
  return new Hono()
    .get("/kills/:type/", (c) => {
      const name = c.req.param("type");
      const type = KILL_TYPES[KILL_TYPE_ALIASES[name] ?? name];
      if (!type) throw createNotFoundError({ what: "Kill list" });
      return listPage(c, type.title, type.label);
    })
    .get("/label/:label/", (c) => {
      const label = c.req.param("label");
      if (!LABEL_PATTERN.test(label)) throw createNotFoundError({ what: "Label" });
      return listPage(c, `Label ${label}`, label);
    })
    .get("/labels/", (c) => {
      const killTypes = Object.entries(KILL_TYPES).map(([name, type]) => ({ ...type, url: `/kills/${name}/` }));
      return c.html(deps.renderer.render("rules", { title: "Labels and rules", rules: RULES, killTypes }), 200, { "Cache-Control": "public, max-age=3600" });
    })
    .get("/top/", (c) => renderTopPage({ c, deps }))
    .get("/top/:period/", (c) => renderTopPage({ c, deps }))
    .get("/top/:period/:metric/", (c) => renderTopPage({ c, deps }));
}
