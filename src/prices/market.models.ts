/**
 * zKillboard's market rule (classes/Price.php at 2baf6057, see data/prices/README in shared data): the price day
 * is the kill time minus 3601 s; walking back from it, the daily averages of up to 34 days that have one are
 * collected; exactly 34 drop their 2 lowest and 2 highest, more than 6 drop their 2 highest, fewer are all kept;
 * the mean is rounded to 2 decimals. None at all is zKillboard's 0.01. Pure.
 */
import type { HistoryDay, HistorySource } from "./prices.types.ts";

export const MARKET_VALUES_MAX = 34;
/** zKillboard looks an hour and a second before the kill, so a kill just after midnight uses the day before. */
export const PRICE_DAY_OFFSET_MS = 3_601_000;
export const NOMINAL_PRICE = 0.01;

/**
 * PHP's round($x, 2) on a positive number: the value is first cut to 15 significant digits (PHP's pre-rounding, so
 * a mean of 7961107.0849999995 that is 7961107.085 in decimal rounds up), then rounded half away from zero.
 */
export const roundCents = (value: number) => Number(`${Math.round(Number(`${Number(value.toPrecision(15))}e2`))}e-2`);

export const priceDayOf = (killTime: Date) => new Date(killTime.getTime() - PRICE_DAY_OFFSET_MS).toISOString().slice(0, 10);

/** Index of the last entry on or before `day` in ascending `history`, or -1. */
function lastIndexOnOrBefore(history: HistoryDay[], day: string) {
  let low = 0;
  let high = history.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (history[middle]!.day <= day) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

export type MarketPrice = {
  mean: number;
  values: number;
  from: string;
  to: string;
  trim: "34" | "top2" | "none";
  /** The price day's own average, when it has one. */
  dayAverage?: number;
  sources: HistorySource[];
};

/** The rule's mean on `day` from `history` (ascending by day); null when no day on or before has an average. */
export function computeMarketPrice({ history, day }: { history: HistoryDay[]; day: string }): MarketPrice | null {
  const last = lastIndexOnOrBefore(history, day);
  if (last < 0) return null;
  const window = history.slice(Math.max(0, last - MARKET_VALUES_MAX + 1), last + 1);
  const sorted = window.map((entry) => entry.average).sort((a, b) => a - b);
  const trim = sorted.length === MARKET_VALUES_MAX ? "34" : sorted.length > 6 ? "top2" : "none";
  const kept = trim === "34" ? sorted.slice(2, -2) : trim === "top2" ? sorted.slice(0, -2) : sorted;
  const mean = roundCents(kept.reduce((sum, value) => sum + value, 0) / kept.length);
  const own = history[last]!.day === day ? history[last]!.average : undefined;
  return {
    mean, values: window.length, from: window[0]!.day, to: window.at(-1)!.day, trim,
    ...(own === undefined ? {} : { dayAverage: own }),
    sources: [...new Set(window.map((entry) => entry.source))],
  };
}
