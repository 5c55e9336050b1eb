/** Shapes of a type's stored price history: zKillboard's price API body and the window a page shows. Pure. */
import { DAY_MS, toUtcDay } from "../app/time.ts";
import type { StoredHistoryDay } from "./history.repository.ts";

/** zKillboard's `/api/prices/{typeID}/` (view/apiprices.php): each day's average by date, then `currentPrice`. */
export function toZkbPriceJson({ history, currentPrice }: { history: StoredHistoryDay[]; currentPrice: number }) {
  const body: Record<string, number> = {};
  for (const row of history) body[row.day] = row.average;
  body.currentPrice = currentPrice;
  return body;
}

/** The days of ascending `history` within `days` of its last day (a page shows a year, the API everything). */
export function lastDays({ history, days }: { history: StoredHistoryDay[]; days: number }) {
  const last = history.at(-1);
  if (!last) return [];
  const from = toUtcDay(new Date(Date.parse(`${last.day}T00:00:00Z`) - (days - 1) * DAY_MS));
  return history.filter((row) => row.day >= from);
}
