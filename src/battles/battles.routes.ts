/**
 * Battle pages: `/battles/` (recent; `?system=`, `?region=`, `?minKills=`, paged by `?after=`), `/battle/<id>/`, zKillboard's `/related/<systemID>/<YYYYMMDDHH00>/` (kills
 * there within an hour either side, computed on the fly), `POST /br/` saving the report as shown and `/br/<id>/`
 * reading it back with its sides (`/api/v1/battles` is battles.api.routes.ts). Sides move with `?left=` / `?right=` (battles.schemas.ts).
 */
import { Hono, type Context } from "hono";
import type { PageDeps } from "../present/present.deps.ts";
import { createNotFoundError } from "../present/present.errors.ts";
import { readParams, readQuery } from "../present/present.validate.ts";
import { HOUR_MS } from "../app/time.ts";
import { EVE_KILL_RULES } from "./battles.models.ts";
import { createBattlesReadRepository, type KillSource } from "./battles.read.repository.ts";
import { loadBattleReport } from "./battles.page.usecases.ts";
import { presentBattleFilter, presentBattleRow, presentReport } from "./battles.present.ts";
import { relatedUrl } from "../present/present.urls.ts";
import { battleIdParams, battlePageQuery, relatedParams, reportForm, reportIdParams, sidesQuery } from "./battles.schemas.ts";
import { listBattlesPage } from "./battles.list.usecases.ts";
import { nextPageUrl, PAGE_SIZE } from "../present/present.paging.ts";
import { parseOrBadParameter, readReportForm } from "./battles.form.ts";
import type { Sides } from "./battles.sides.models.ts";

type Deps = Pick<PageDeps, "sql" | "universe" | "renderer">;
const PAGE_CACHE = "public, max-age=60";

async function renderReport({ c, deps, kills, sides, move, title, source, intro }: {
  c: Context; deps: Deps; kills: KillSource; sides: Sides | null; move: { left: string[]; right: string[] }; title: string; source: string | null; intro: string;
}) {
  const report = await loadBattleReport({ sql: deps.sql, universe: deps.universe, source: kills, sides, move, minDamageShare: EVE_KILL_RULES.minDamageShare });
  const html = deps.renderer.render("battle", { title, intro, source, ...presentReport({ report, universe: deps.universe }) });
  return c.html(html, 200, { "Cache-Control": PAGE_CACHE });
}

export function createBattleRoutes({ deps }: { deps: Deps }) {
  const reads = createBattlesReadRepository({ sql: deps.sql });
  return new Hono()
    .get("/battles/", async (c) => {
      const query = readQuery({ c, schema: battlePageQuery });
      const filter = { solarSystemId: query.system, regionId: query.region, minKills: query.minKills, parameters: { solarSystemId: "system", regionId: "region" } };
      const { battles, nextCursor } = await listBattlesPage({ reads, universe: deps.universe, filter, before: query.after, limit: PAGE_SIZE });
      const rows = battles.map((battle) => presentBattleRow({ battle, universe: deps.universe }));
      const next = nextPageUrl({ requestUrl: c.req.url, cursor: nextCursor, rowCount: battles.length });
      return c.html(deps.renderer.render("battles", { ...presentBattleFilter({ filter, universe: deps.universe }), rows, next }), 200, { "Cache-Control": PAGE_CACHE });
    })
    .get("/battle/:id/", async (c) => {
      const { id } = readParams({ c, schema: battleIdParams });
      const move = readQuery({ c, schema: sidesQuery });
      const battle = await reads.findBattle({ battleId: id });
      if (!battle) throw createNotFoundError({ what: `Battle ${id}` });
      const systems = battle.solarSystemIds.map((system) => deps.universe.systemName(system)).join(", ");
      return renderReport({ c, deps, kills: { battleId: id }, sides: battle.sides, move, source: `battle:${id}`,
        title: `Battle in ${systems}`, intro: `${battle.startedAt.toISOString().slice(0, 16).replace("T", " ")} to ${battle.endedAt.toISOString().slice(11, 16)} UTC` });
    })
    .get("/related/:system/:time/", async (c) => {
      const { system, time } = readParams({ c, schema: relatedParams });
      const move = readQuery({ c, schema: sidesQuery });
      const kills = { solarSystemId: system, fromMs: time.getTime() - HOUR_MS, toMs: time.getTime() + HOUR_MS };
      return renderReport({ c, deps, kills, sides: null, move, source: `related:${system}:${relatedUrl({ solarSystemId: system, time }).split("/")[3]}`,
        title: `Kills in ${deps.universe.systemName(system)} around ${time.toISOString().slice(0, 13).replace("T", " ")}:00`, intro: "Within an hour either side" });
    })
    .post("/br/", async (c) => {
      const form = await readReportForm({ c, schema: reportForm });
      const keys = await reads.listKillKeys({ source: killsOfForm({ source: form.source }) });
      if (!keys.length) throw createNotFoundError({ what: "Kills of this report" });
      const reportId = await reads.saveReport({ source: { kind: form.source }, killmailIds: keys.map((key) => key.killmailId), left: form.left, right: form.right });
      return c.redirect(`/br/${reportId}/`, 303);
    })
    .get("/br/:id/", async (c) => {
      const { id } = readParams({ c, schema: reportIdParams });
      readQuery({ c, schema: sidesQuery.pick({}) });
      const saved = await reads.findReport({ reportId: id });
      if (!saved) throw createNotFoundError({ what: `Battle report ${id}` });
      return renderReport({ c, deps, kills: { killmailIds: saved.killmailIds.map(Number) }, sides: { left: saved.leftParties, right: saved.rightParties }, move: { left: [], right: [] }, source: null,
        title: `Battle report ${id}`, intro: `Saved ${saved.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC from ${saved.source.kind}` });
    });
}

/** The kills a save-report form names: `battle:<id>` or `related:<systemID>:<YYYYMMDDHH00>`. */
function killsOfForm({ source }: { source: string }): KillSource {
  const [kind, first, hour] = source.split(":") as [string, string, string];
  if (kind === "battle") return { battleId: Number(first) };
  const { system, time } = parseOrBadParameter({ schema: relatedParams, input: { system: first, time: hour } });
  return { solarSystemId: system, fromMs: time.getTime() - HOUR_MS, toMs: time.getTime() + HOUR_MS };
}
