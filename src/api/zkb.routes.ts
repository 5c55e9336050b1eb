/**
 * zKillboard-compatible API so existing tools work unchanged: `/api/{modifiers}/`, `/api/history/{day}.json`,
 * `/api/stats/{type}/{id}/`. Like zKillboard, a refused request is HTTP 200 with `{"error": "..."}`.
 */
import { Hono, type Context } from "hono";
import { createNamesRepository, type EntityRow } from "../names/names.repository.ts";
import { createKillmailReadRepository } from "../killmails/killmail.read.repository.ts";
import { getEntityStatistics } from "../stats/stats.usecases.ts";
import { DAY_MS, HOUR_MS } from "../app/time.ts";
import type { PageDeps } from "../present/present.deps.ts";
import { createZkbPriceRoutes } from "./zkb.prices.routes.ts";
import { findIdKind, fitsIdColumn, parseZkbPath, toZkbKillmailListJson } from "./zkb.models.ts";

const API_CACHE_CONTROL = "public, max-age=60";
/** Late killmails still arrive for a few hours after a day ends; past this its list is cached for long. */
const HISTORY_SETTLED_MS = 6 * HOUR_MS;

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
  const match = /^(\d{4})(\d{2})(\d{2})\.json$/.exec(c.req.param("file") ?? "");
  const from = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !from || from.getUTCDate() !== Number(match[3])) return refuse(c, "Invalid date, expected YYYYMMDD.json");
  const to = new Date(from.getTime() + DAY_MS);
  const rows = await createKillmailReadRepository({ sql: deps.sql }).listDayHashes({ from, to });
  const complete = to.getTime() < deps.now().getTime() - HISTORY_SETTLED_MS;
  return json(c, Object.fromEntries(rows.map((row) => [String(row.killmailId), row.hash])), false,
    complete ? "public, max-age=31536000" : "public, max-age=300");
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
      const rows = await createKillmailReadRepository({ sql: deps.sql }).listKillmailsForApi({ filter: parsed.filter });
      return json(c, toZkbKillmailListJson(rows), parsed.pretty, API_CACHE_CONTROL);
    });
}
