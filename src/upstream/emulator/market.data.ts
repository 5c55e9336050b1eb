/**
 * The emulator's market: real The Forge history for the bundled types (their only region), generated history
 * for every other type with a known price (real or corpus-derived /markets/prices averages), in The Forge and
 * Domain so region filters have something to filter. Types with neither have no market rows at all.
 */
import { readUpstreamJson } from "./bundle.ts";
import { dayNumber, daysFrom, deriveMarketDay, generateMarketDay, tradesOn, type MarketDay } from "./market.model.ts";

export const THE_FORGE_REGION_ID = 10000002;
export const GENERATED_REGION_IDS = [THE_FORGE_REGION_ID, 10000043] as const;
/** ESI's history route answers about this many past days ("last 13 months"). */
export const ESI_HISTORY_DAYS = 400;

export type DayFileRow = MarketDay & { region_id: number; type_id: number; generated: boolean };
type PriceRow = { type_id: number; average_price?: number; adjusted_price?: number };

export async function loadMarketData() {
  const forge = await readUpstreamJson<[string, number, number, number][]>({ name: "forgeHistory" });
  const prices = await readUpstreamJson<{ real: PriceRow[]; derived: PriceRow[] }>({ name: "prices" });
  const realByType = new Map<number, MarketDay[]>();
  const realByDay = new Map<string, DayFileRow[]>();
  for (const [day, typeId, average, volume] of forge) {
    const row = deriveMarketDay({ typeId, day, average, volume });
    if (!realByType.has(typeId)) realByType.set(typeId, []);
    if (!realByDay.has(day)) realByDay.set(day, []);
    realByType.get(typeId)!.push(row);
    realByDay.get(day)!.push({ ...row, region_id: THE_FORGE_REGION_ID, type_id: typeId, generated: false });
  }
  for (const rows of realByType.values()) rows.sort((a, b) => a.date.localeCompare(b.date));
  const knownPrice = new Map<number, number>();
  for (const row of [...prices.real, ...prices.derived]) {
    const price = row.average_price ?? row.adjusted_price;
    if (price && price > 0 && !realByType.has(row.type_id) && !knownPrice.has(row.type_id)) knownPrice.set(row.type_id, price);
  }
  const generatedTypes = [...knownPrice.keys()].sort((a, b) => a - b);

  function historyOf({ typeId, regionId, today }: { typeId: number; regionId: number; today: string }) {
    const real = realByType.get(typeId);
    if (real) return { days: regionId === THE_FORGE_REGION_ID ? real : [], generated: false, known: true };
    const price = knownPrice.get(typeId);
    if (price === undefined) return { days: [], generated: true, known: false };
    const last = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const first = new Date(Date.parse(`${today}T00:00:00Z`) - ESI_HISTORY_DAYS * 86_400_000).toISOString().slice(0, 10);
    const days = daysFrom({ from: first, to: last }).map((day) => generateMarketDay({ typeId, regionId, day, knownPrice: price })).filter((row) => row !== null);
    return { days, generated: true, known: true };
  }

  /** Every row of one day, all regions: the content of that day's EVE Ref file. */
  function rowsOfDay({ day }: { day: string }): DayFileRow[] {
    const rows = [...(realByDay.get(day) ?? [])];
    for (const regionId of GENERATED_REGION_IDS) {
      for (const typeId of generatedTypes) {
        const row = generateMarketDay({ typeId, regionId, day, knownPrice: knownPrice.get(typeId)! });
        if (row) rows.push({ ...row, region_id: regionId, type_id: typeId, generated: true });
      }
    }
    return rows;
  }

  /** How many rows `rowsOfDay` has, without making them (totals.json covers 20+ years). */
  function countOfDay({ day }: { day: string }) {
    const n = dayNumber(day);
    let count = realByDay.get(day)?.length ?? 0;
    for (const regionId of GENERATED_REGION_IDS) {
      for (const typeId of generatedTypes) if (tradesOn({ typeId, regionId, n, knownPrice: knownPrice.get(typeId)! })) count++;
    }
    return count;
  }

  return { historyOf, rowsOfDay, countOfDay, hasRealHistory: (typeId: number) => realByType.has(typeId) };
}

export type MarketData = Awaited<ReturnType<typeof loadMarketData>>;

let loaded: Promise<MarketData> | null = null;
/** Built once per process, on the first market request (nothing is read at import time). */
export const marketData = () => (loaded ??= loadMarketData());
