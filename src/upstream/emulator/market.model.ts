/**
 * Emulated market days, pure and deterministic: the same (type, region, day) always gives the same row, so
 * the ESI history route and the EVE Ref day files agree. Generated days wander around the type's known price
 * (±10 % over a cycle of 60–240 days, seeded by type id, plus ±2 % daily noise); real bundled days keep their
 * average and volume and only get the fields the export dropped (highest, lowest, order_count).
 */
import { DAY_MS } from "../../app/time.ts";

export type MarketDay = { date: string; average: number; highest: number; lowest: number; volume: number; order_count: number };

/** Types dearer than this do not trade every day: some days have no row, as in real history. */
const RARE_TRADE_ISK = 100_000_000;
const RARE_TRADE_GAP_SHARE = 0.4;

/** A uniform number in [0, 1) from integers (a 32-bit integer hash; no state). */
export function unitHash(...parts: number[]) {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part | 0), 0x01000193);
    h = Math.imul(h ^ Math.floor(part / 2 ** 32), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
  }
  return (h >>> 0) / 2 ** 32;
}

const isk = (value: number) => Math.max(0.01, Math.round(value * 100) / 100);
export const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

function spreadAround({ average, volume, seed }: { average: number; volume: number; seed: number[] }) {
  const spread = 0.01 + 0.07 * unitHash(...seed, 1);
  const orderCount = Math.max(1, Math.round(Math.sqrt(volume) * (0.5 + unitHash(...seed, 2))));
  return { highest: isk(average * (1 + spread)), lowest: isk(average * (1 - spread)), order_count: Math.min(orderCount, Math.max(1, volume)) };
}

/** Whether a generated type trades on day number `n` (cheap: counting a day's rows needs no rows). */
export const tradesOn = ({ typeId, regionId, n, knownPrice }: { typeId: number; regionId: number; n: number; knownPrice: number }) =>
  knownPrice <= RARE_TRADE_ISK || unitHash(typeId, regionId, n, 7) >= RARE_TRADE_GAP_SHARE;

/** ESI's key order (alphabetical). */
const marketDay = ({ date, average, volume, highest, lowest, order_count }: MarketDay): MarketDay => ({ average, date, highest, lowest, order_count, volume });

/** A generated day of `typeId` in `regionId`, or null when the type did not trade that day. */
export function generateMarketDay({ typeId, regionId, day, knownPrice }: { typeId: number; regionId: number; day: string; knownPrice: number }): MarketDay | null {
  const n = dayNumber(day);
  if (!tradesOn({ typeId, regionId, n, knownPrice })) return null;
  const period = 60 + Math.floor(unitHash(typeId, 3) * 180);
  const phase = unitHash(typeId, 4);
  const wave = 0.1 * Math.sin(2 * Math.PI * (n / period + phase));
  const noise = 0.04 * (unitHash(typeId, regionId, n, 5) - 0.5);
  const average = isk(knownPrice * (1 + wave + noise));
  // Cheap things trade in bulk: about 10^7 ISK of turnover a day, at least one unit.
  const volume = Math.max(1, Math.round((10_000_000 / Math.max(average, 1)) ** 0.8 * (0.5 + unitHash(typeId, regionId, n, 6))));
  return marketDay({ date: day, average, volume, ...spreadAround({ average, volume, seed: [typeId, regionId, n] }) });
}

/** A real bundled day (average and volume as exported) completed with derived highest, lowest, order_count. */
export function deriveMarketDay({ typeId, day, average, volume }: { typeId: number; day: string; average: number; volume: number }): MarketDay {
  return marketDay({ date: day, average, volume, ...spreadAround({ average, volume, seed: [typeId, dayNumber(day)] }) });
}
