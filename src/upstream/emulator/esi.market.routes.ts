/**
 * ESI `GET /markets/{region_id}/history/?type_id=` (UPSTREAMS c.4; openapi.json: no rate-limit group, "expires
 * daily at 11:05"). Real bundled types answer their The Forge days with `X-Emulated: derived` (average and
 * volume real, the rest derived); other types with a known price answer the last 400 days generated, with
 * `X-Emulated: generated`; a type with no market 404s "Type not found", an unknown region 422s, as ESI does.
 */
import { Hono } from "hono";
import { DAY_MS, MINUTE_MS } from "../../app/time.ts";
import { ESI_HISTORY_REFRESH_UTC_MIN } from "../../prices/fetch.models.ts";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import { esiCached, esiError } from "./esi.respond.ts";
import { marketData } from "./market.data.ts";

/** ESI refreshes market history once a day, after downtime (the same minute the price fetcher keys on). */
export function secondsUntilHistoryExpiry({ now }: { now: number }) {
  const midnight = Math.floor(now / DAY_MS) * DAY_MS;
  let expiry = midnight + ESI_HISTORY_REFRESH_UTC_MIN * MINUTE_MS;
  if (expiry <= now) expiry += DAY_MS;
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
