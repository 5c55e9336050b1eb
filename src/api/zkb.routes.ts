/**
 * zKillboard-compatible API so existing tools work unchanged: `/api/{modifiers}/`, `/api/history/{day}.json`,
 * `/api/stats/{type}/{id}/`. Like zKillboard, a refused request is HTTP 200 with `{"error": "..."}`.
 */
import { Hono, type Context } from "hono";
import { createNamesRepository, type EntityRow } from "../names/names.repository.ts";
import { createKillmailReadRepository } from "../killmails/killmail.read.repository.ts";
import { getEntityStatistics } from "../stats/stats.usecases.ts";
import { parseCompactUtcDay } from "../app/time.ts";
import { historyCacheControl, readHistoryDay, toHistoryJson } from "../killmails/killmail.history.ts";
import type { PageDeps } from "../present/present.deps.ts";
import { createZkbPriceRoutes } from "./zkb.prices.routes.ts";
import { findIdKind, fitsIdColumn, parseZkbPath } from "./zkb.models.ts";

const API_CACHE_CONTROL = "public, max-age=60";

type Deps = Pick<PageDeps, "sql" | "now" | "universe">;

const safeDecode = (part: string) => {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
};

const refuse = (c: Context, error: string) => c.json({ error }, 200, { "Cache-Control": "public, max-age=60" });

function json(c: Context, body: unknown, pretty: boolean, cacheControl: string) {
  const text = typeof body === "string" ? (pretty ? JSON.stringify(JSON.parse(body), null, 2) : body) : JSON.stringify(body, null, pretty ? 2 : undefined);
  return c.body(text, 200, { "Content-Type": "application/json", "Cache-Control": cacheControl });
}

async function history(c: Context, deps: Deps) {
  const file = c.req.param("file") ?? "";
  const day = file.endsWith(".json") ? parseCompactUtcDay(file.slice(0, -5)) : null;
  if (!day) return refuse(c, "Invalid date, expected YYYYMMDD.json");
  const { rows, settled } = await readHistoryDay({ sql: deps.sql, day, now: deps.now() });
  return json(c, toHistoryJson(rows), false, historyCacheControl({ settled }));
}

/** zKillboard's `info` names for what enrichment fetched of a corporation or alliance (migration 00011). */
function detailsInfo({ kind, entity }: { kind: string; entity: EntityRow | null }) {
  if (!entity?.detailsUpdatedAt || (kind !== "corporation" && kind !== "alliance")) return {};
  return {
    ...(entity.memberCount != null ? { memberCount: entity.memberCount } : {}),
    ...(kind === "corporation" && entity.ceoId ? { ceoID: entity.ceoId } : {}),
    ...(kind === "alliance" && entity.executorCorporationId ? { executorCorpID: entity.executorCorporationId } : {}),
    ...(entity.dateFounded ? { dateFounded: entity.dateFounded.toISOString().replace(/\.\d{3}Z$/, "Z") } : {}),
  };
}

async function stats(c: Context, deps: Deps) {
  const type = c.req.param("type") ?? "";
  const kind = findIdKind(type);
  const text = c.req.param("id") ?? "";
  if (!kind) return refuse(c, "Invalid type");
  if (!/^\d{1,15}$/.test(text) || !fitsIdColumn({ key: type, value: Number(text) })) return refuse(c, "Invalid id");
  const id = Number(text);
  const [statistics, entity] = await Promise.all([
    getEntityStatistics({ sql: deps.sql, scope: { kind, id }, now: deps.now() }),
    createNamesRepository({ sql: deps.sql }).findEntity({ kind, id }),
  ]);
  const info = { id, name: entity?.name ?? null, ...(kind === "character" ? { corporationID: entity?.corporationId ?? null, secStatus: entity?.securityStatus ?? null } : {}),
    ...(kind === "character" || kind === "corporation" ? { allianceID: entity?.allianceId ?? null } : {}), ...(entity?.ticker ? { ticker: entity.ticker } : {}),
    ...detailsInfo({ kind, entity }) };
  return json(c, { type: c.req.param("type"), id, ...statistics, info }, false, "public, max-age=300");
}

export function createZkbApiRoutes({ deps }: { deps: Deps }) {
  return new Hono()
    .get("/history/:file", (c) => history(c, deps))
    .get("/stats/:type/:id/", (c) => stats(c, deps))
    .get("/stats/:type/:id/:kind{(kills|isk)}/", (c) => stats(c, deps))
    .route("/prices", createZkbPriceRoutes({ deps }))
    .get("/*", async (c) => {
      const url = new URL(c.req.url);
      if (url.pathname.startsWith("/api/v1/")) return c.notFound();
      if (url.search) return c.json({ error: "Do not include a query string to evade cache" }, 403);
      const segments = url.pathname.replace(/^\/api\//, "").split("/").filter(Boolean).map(safeDecode);
      const parsed = parseZkbPath({ segments, now: deps.now() });
      if ("error" in parsed) return refuse(c, parsed.error);
      const rows = await createKillmailReadRepository({ sql: deps.sql }).listKillmailJsonForApi({ filter: parsed.filter });
      return json(c, `[${rows.map((row) => row.apiJson).join(",")}]`, parsed.pretty, API_CACHE_CONTROL);
    });
}
