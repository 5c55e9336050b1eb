/** Pure rules shared by the price sources: which stored source an answer is, and which ESI refresh a fetch belongs to. */
import { DAY_MS, MINUTE_MS, toUtcDay } from "../app/time.ts";

/** ESI's market history "expires daily at 11:05" UTC (openapi.json): a new day of history exists from then on. */
export const ESI_HISTORY_REFRESH_UTC_MIN = 11 * 60 + 5;

/**
 * The refresh of ESI's history a fetch at `now` sees, named by the UTC day it happened: before 11:05 that is still
 * yesterday's. A type fetched in the same refresh is not fetched again; one fetched before it is.
 */
export function historyRefreshDayOf({ now }: { now: Date }) {
  const sinceMidnight = now.getTime() % DAY_MS;
  const refreshed = sinceMidnight >= ESI_HISTORY_REFRESH_UTC_MIN * MINUTE_MS ? now : new Date(now.getTime() - DAY_MS);
  return toUtcDay(refreshed);
}

/** The upstream emulator marks what it invented or derived (`X-Emulated`); that never passes for market data. */
export function historySourceOf<Real extends "esi" | "everef">({ emulated, real }: { emulated: string | null; real: Real }): Real | "emulated" {
  return emulated ? "emulated" : real;
}
