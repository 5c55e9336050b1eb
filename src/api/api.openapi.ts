/** The OpenAPI 3.1 document, generated from the zod schemas the routes validate with. */
import { z } from "zod";
import { VERSION } from "../app/version.ts";
import { killmailGetQuery, killmailIdParams, killmailListQuery, searchQuery, statsParams, topQuery } from "./api.schemas.ts";
import { campaignParams } from "../campaigns/campaigns.schemas.ts";
import { statsQuery } from "../history/history.schemas.ts";
import { battleIdParams, battleListQuery } from "../battles/battles.schemas.ts";

type Operation = { id: string; path: string; summary: string; query?: z.ZodType; params?: z.ZodType };

export const OPERATIONS: Operation[] = [
  { id: "listKillmails", path: "/api/v1/killmails", summary: "Killmails, newest first, filtered by entity (either side), labels, value, location, ship group and time; keyset-paged with nextCursor.", query: killmailListQuery },
  { id: "getKillmail", path: "/api/v1/killmails/{id}", summary: "One killmail: the ESI body with the zkb block; with explain=1 also `explain` {hull, items[]}: unitPrice, source, sourceLabel, warning (set when the source is not market data), summary and the stored inputs (history window or build recipe).", params: killmailIdParams, query: killmailGetQuery },
  { id: "getStats", path: "/api/v1/stats/{kind}/{id}", summary: "Statistics of an entity under zKillboard's field names; with bucket, instead a series {bucket, from, to, data[]} of whole UTC days, ISO weeks or months (zeros included), each {start, kills, losses, iskDestroyed, iskLost, points, pointsLost, soloKills, soloLosses}.", params: statsParams, query: statsQuery },
  { id: "listTop", path: "/api/v1/top", summary: "Top characters, corporations, alliances, ships or systems; on a board (BOARD_ENTITIES), characters, corporations and alliances are ranked among its members, as on /top/.", query: topQuery },
  { id: "getCampaign", path: "/api/v1/campaigns/{id}", summary: "A campaign (a saved filter): name, filter and totals (kills, ISK destroyed, points, and per side what it lost), the figures its page shows. Its kills: /api/v1/killmails?campaign={id}.", params: campaignParams },
  { id: "search", path: "/api/v1/search", summary: "Search characters, corporations, alliances (names and tickers), ships, items, systems, constellations and regions.", query: searchQuery },
  { id: "listBattles", path: "/api/v1/battles", summary: "Detected battles, newest-ended first: time, systems, kills, ISK destroyed, pilots and both sides (parties `kind:id`, ISK and ships lost); filtered by solarSystemId, regionId (a battle with kills there) and minKills; keyset-paged with nextCursor.", query: battleListQuery },
  { id: "getBattle", path: "/api/v1/battles/{id}", summary: "One battle as in the list, plus its killmailIds.", params: battleIdParams },
];

function parametersOf(schema: z.ZodType | undefined, location: "query" | "path") {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: location, required: location === "path" || (json.required ?? []).includes(name), description: String(description ?? ""), schema: rest,
      ...(rest.type === "array" ? { style: "form", explode: true } : {}) };
  });
}

export function buildOpenApiDocument() {
  const paths = Object.fromEntries(OPERATIONS.map((op) => [op.path, { get: {
    operationId: op.id, summary: op.summary,
    parameters: [...parametersOf(op.params, "path"), ...parametersOf(op.query, "query")],
    responses: {
      200: { description: "OK", headers: { ETag: { schema: { type: "string" } } } },
      400: { description: "A parameter is invalid; `error` names it" },
      429: { description: "Rate limited; see Retry-After" },
    },
  } }]));
  return { openapi: "3.1.0", info: { title: "killboard API", version: VERSION, description: "EVE Online killmails and statistics." }, paths };
}

export function describeOperations() {
  return OPERATIONS.map((op) => ({ ...op, parameters: [...parametersOf(op.params, "path"), ...parametersOf(op.query, "query")] }));
}
