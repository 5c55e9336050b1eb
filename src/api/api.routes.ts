/** `/api/v1`: validated with zod, keyset-paged with an opaque cursor, described by /api/v1/openapi.json. */
import { Hono } from "hono";
import { decodeCursor, encodeCursor, type KillmailFilter } from "../killmails/killmail.queries.ts";
import { toExplainJson } from "../killmails/killmail.explain.present.ts";
import { loadKillmailPrices } from "../killmails/killmail.explain.usecases.ts";
import { createKillmailReadRepository } from "../killmails/killmail.read.repository.ts";
import { createTopRanking } from "../stats/stats.board.usecases.ts";
import { getEntityStatistics } from "../stats/stats.usecases.ts";
import { getBucketedStatistics } from "../history/history.usecases.ts";
import { statsQuery } from "../history/history.schemas.ts";
import { WEEK_MS } from "../app/time.ts";
import type { PageDeps } from "../present/present.deps.ts";
import type { SearchBackend } from "../search/search.models.ts";
import { createBadParameterError, createNotFoundError } from "../present/present.errors.ts";
import { toMatchFilter } from "./api.filter.ts";
import { createCampaignApiRoutes, listCampaignKillmailsForApi } from "../campaigns/campaigns.api.routes.ts";
import { buildOpenApiDocument, describeOperations } from "./api.openapi.ts";
import { killmailGetQuery, killmailIdParams, killmailListQuery, searchQuery, statsParams, topQuery, type KillmailListQuery } from "./api.schemas.ts";
import { readParams, readQuery } from "../present/present.validate.ts";
import { toZkbKillmailJson } from "./zkb.models.ts";

const LIST_CACHE = "public, max-age=30";

type Deps = Pick<PageDeps, "sql" | "renderer" | "now" | "universe" | "board"> & { search: SearchBackend };

export function toKillmailFilter(query: KillmailListQuery): KillmailFilter {
  const cursor = query.cursor ? decodeCursor({ text: query.cursor }) : undefined;
  if (cursor === null) throw createBadParameterError({ parameter: "cursor", problem: "not a cursor from this API" });
  return { ...toMatchFilter(query), since: query.since, until: query.until, cursor, limit: query.limit };
}

export function createApiRoutes({ deps }: { deps: Deps }) {
  const reads = createKillmailReadRepository({ sql: deps.sql });
  const openApi = JSON.stringify(buildOpenApiDocument());
  return new Hono()
    .get("/openapi.json", (c) => c.body(openApi, 200, { "Content-Type": "application/json", "Cache-Control": "public, max-age=3600" }))
    .get("/docs", (c) => c.html(deps.renderer.render("api-docs", { title: "API", operations: describeOperations() }), 200, { "Cache-Control": "public, max-age=3600" }))
    .get("/killmails", async (c) => {
      const query = readQuery({ c, schema: killmailListQuery, arrays: ["label"] });
      const filter = toKillmailFilter(query);
      const rows = query.campaign === undefined ? await reads.listKillmailJsonForApi({ filter })
        : await listCampaignKillmailsForApi({ sql: deps.sql, id: query.campaign, filter });
      const last = rows.at(-1);
      const nextCursor = last && rows.length === filter.limit ? encodeCursor({ cursor: { time: last.killmailTime, id: last.killmailId } }) : null;
      const body = `{"data":[${rows.map((row) => row.apiJson).join(",")}],"nextCursor":${JSON.stringify(nextCursor)}}`;
      return c.body(body, 200, { "Content-Type": "application/json", "Cache-Control": LIST_CACHE });
    })
    .get("/killmails/:id", async (c) => {
      const { id } = readParams({ c, schema: killmailIdParams });
      const { explain } = readQuery({ c, schema: killmailGetQuery });
      const [row] = await reads.listKillmailsForApi({ filter: { killmailId: id, limit: 1 } });
      if (!row) throw createNotFoundError({ what: `Killmail ${id}` });
      const prices = explain === "1" ? await loadKillmailPrices({ sql: deps.sql, killmail: { ...row, killmailId: id } }) : null;
      const json = toZkbKillmailJson(row);
      const body = prices ? `${json.slice(0, -1)},"explain":${JSON.stringify(toExplainJson({ ...prices, universe: deps.universe }))}}` : json;
      return c.body(body, 200, { "Content-Type": "application/json", "Cache-Control": "public, max-age=300" });
    })
    .get("/stats/:kind/:id", async (c) => {
      const { kind, id } = readParams({ c, schema: statsParams });
      const { bucket, from, to } = readQuery({ c, schema: statsQuery });
      if (bucket) {
        const result = await getBucketedStatistics({ sql: deps.sql, scope: { kind, id }, bucket, from, to, now: deps.now() });
        if (!result.series) throw createBadParameterError({ parameter: result.problem.parameter, problem: result.problem.text });
        return c.json({ kind, id, ...result.series }, 200, { "Cache-Control": "public, max-age=300" });
      }
      return c.json({ kind, id, ...(await getEntityStatistics({ sql: deps.sql, scope: { kind, id }, now: deps.now() })) }, 200, { "Cache-Control": "public, max-age=300" });
    })
    .get("/top", async (c) => {
      const query = readQuery({ c, schema: topQuery });
      const since = query.period === "week" ? new Date(deps.now().getTime() - WEEK_MS) : undefined;
      // The same ranking as /top/: on a board, pilots, corporations and alliances among its members only.
      const rows = await createTopRanking({ sql: deps.sql, board: deps.board })({ kind: query.kind, metric: query.metric, since, limit: query.limit });
      return c.json({ ...query, data: rows }, 200, { "Cache-Control": "public, max-age=300" });
    })
    .route("/campaigns", createCampaignApiRoutes({ sql: deps.sql }))
    .get("/search", async (c) => {
      const query = readQuery({ c, schema: searchQuery });
      const results = await deps.search.search({ term: query.q, limit: query.kind ? 50 : query.limit });
      const filtered = (query.kind ? results.filter((result) => result.kind === query.kind) : results).slice(0, query.limit);
      return c.json({ query: query.q, backend: deps.search.name, results: filtered }, 200, { "Cache-Control": "public, max-age=300" });
    });
}
