/**
 * ESI `GET /markets/{region_id}/history/?type_id=` (UPSTREAMS c.4; openapi.json: no rate-limit group, "expires
 * daily at 11:05"). Real bundled types answer their The Forge days with `X-Emulated: derived` (average and
 * volume real, the rest derived); other types with a known price answer the last 400 days generated, with
 * `X-Emulated: generated`; a type with no market 404s "Type not found", an unknown region 422s, as ESI does.
 */
import { Hono } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import { esiCached, esiError } from "./esi.respond.ts";
import { marketData } from "./market.data.ts";

/** ESI refreshes market history once a day, after downtime. */
const HISTORY_EXPIRES_UTC_MINUTE = 11 * 60 + 5;

export function secondsUntilHistoryExpiry({ now }: { now: number }) {
  const midnight = Math.floor(now / 86_400_000) * 86_400_000;
  let expiry = midnight + HISTORY_EXPIRES_UTC_MINUTE * 60_000;
  if (expiry <= now) expiry += 86_400_000;
  return Math.max(1, Math.ceil((expiry - now) / 1000));
}

export function createEsiMarketRoutes({ context }: { context: EmulatorContext }) {
  const app = new Hono<EmulatorEnv>();

  app.get("/markets/:regionId{[0-9]+}/history", async (c) => {
    const regionId = Number(c.req.param("regionId"));
    const typeText = c.req.query("type_id") ?? "";
    if (!/^[0-9]+$/.test(typeText)) return esiError({ c, status: 400, message: "type_id is required and must be an integer" });
    if (!context.universe.regions.has(regionId)) return esiError({ c, status: 422, message: "Region not found" });
    const typeId = Number(typeText);
    const market = await marketData();
    const history = market.historyOf({ typeId, regionId, today: new Date(context.now()).toISOString().slice(0, 10) });
    const type = context.universe.types.get(typeId);
    if (!history.known && !(type?.published && type.market_group_id)) return esiError({ c, status: 404, message: "Type not found" });
    const cacheSeconds = secondsUntilHistoryExpiry({ now: context.now() });
    return esiCached({ c, body: history.days, cacheSeconds, lastModified: context.startedAt, emulated: history.generated ? "generated" : "derived" });
  });

  return app;
}
