/** Board-wide pages: kill-type lists, label lists, top lists, and the rules page that explains them. */
import { Hono, type Context } from "hono";
import { resolveEntityNames } from "../entities/names.usecases.ts";
import { KILL_TYPES } from "../killmails/killmail.queries.ts";
import { RULES } from "../killmails/rules.ts";
import type { WebDeps } from "../web/web.deps.ts";
import { createNotFoundError } from "../web/web.errors.ts";
import { formatIsk, formatNumber } from "../web/web.format.ts";
import { DAY_MS, LIST_CACHE_CONTROL, loadKillmailPage } from "../web/web.lists.ts";
import { entityUrl } from "../web/web.present.ts";
import { createTopRepository, type TopMetric } from "./stats.top.repository.ts";
import { type TopKind } from "../vocabulary/entity-kinds.ts";

/** zKillboard's own names for some lists, so its links keep working here. */
const KILL_TYPE_ALIASES: Record<string, string> = { bigkills: "big", "5b+": "5b", "10b+": "10b", wspace: "w-space" };
const LABEL_PATTERN = /^[a-z0-9#:+\-]{1,32}$/i;
const METRICS: Record<TopMetric, string> = { kills: "kills", points: "points", isk: "ISK destroyed" };
const TOP_KINDS: [TopKind, string][] = [["character", "Pilots"], ["corporation", "Corporations"], ["alliance", "Alliances"], ["ship", "Ships"], ["system", "Systems"]];

async function loadTopLists({ deps, metric, since }: { deps: WebDeps; metric: TopMetric; since?: Date }) {
  const top = createTopRepository({ sql: deps.sql });
  const lists = await Promise.all(TOP_KINDS.map(([kind]) => top.topEntities({ kind, metric, since, limit: 10 })));
  const keys = lists.flatMap((rows, index) => {
    const kind = TOP_KINDS[index]![0];
    return kind === "character" || kind === "corporation" || kind === "alliance" ? rows.map((row) => ({ kind, id: row.id })) : [];
  });
  const names = await resolveEntityNames({ sql: deps.sql, universe: deps.universe, keys });
  const nameOf = (kind: TopKind, id: number) =>
    kind === "ship" ? deps.universe.typeName(id) : kind === "system" ? deps.universe.systemName(id) : names.name(kind, id);
  return lists.map((rows, index) => {
    const [kind, title] = TOP_KINDS[index]!;
    return { id: `top-${kind}`, title, rows: rows.map((row) => ({ name: nameOf(kind, row.id), url: entityUrl(kind, row.id),
      score: metric === "isk" ? formatIsk(row.score) : formatNumber(row.score) })) };
  });
}

export function createStatsRoutes({ deps }: { deps: WebDeps }) {
  const listPage = async (c: Context, title: string, label: string) => {
    const page = await loadKillmailPage({ c, deps, filter: { labels: [label] } });
    const html = deps.renderer.render("list", { title, intro: `Killmails labelled ${label}.`, ...page });
    return c.html(html, 200, { "Cache-Control": LIST_CACHE_CONTROL });
  };
  const topPage = async (c: Context) => {
    const period = c.req.param("period") ?? "week";
    const metric = (c.req.param("metric") ?? "kills") as TopMetric;
    if ((period !== "week" && period !== "alltime") || !Object.hasOwn(METRICS, metric)) throw createNotFoundError({ what: "Top list" });
    const since = period === "week" ? new Date(deps.now().getTime() - 7 * DAY_MS) : undefined;
    const lists = await loadTopLists({ deps, metric, since });
    const tabs = (["week", "alltime"] as const).flatMap((p) => (Object.keys(METRICS) as TopMetric[]).map((m) => ({
      title: `${p === "week" ? "This week" : "All time"} by ${METRICS[m]}`, url: `/top/${p}/${m}/`, current: p === period && m === metric })));
    return c.html(deps.renderer.render("top", { title: "Top lists", lists, tabs }), 200, { "Cache-Control": "public, max-age=300" });
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
    .get("/top/", (c) => topPage(c))
    .get("/top/:period/", (c) => topPage(c))
    .get("/top/:period/:metric/", (c) => topPage(c));
}
