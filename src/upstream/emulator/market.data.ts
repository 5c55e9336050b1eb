/**
 * The emulator's market: real The Forge history for the bundled types (their only region), generated history
 * for every other type with a known price (real or corpus-derived /markets/prices averages), in The Forge and
 * Domain so region filters have something to filter. Types with neither have no market rows at all.
 * The real rows are the price bundle's (data/prices), the one copy `prices load` stores too.
 */
import { DAY_MS, listUtcDays, toUtcDay } from "../../app/time.ts";
import { readBundledHistory, readBundledSnapshots } from "../../prices/prices.bundle.ts";
import { THE_FORGE_REGION_ID } from "../../prices/prices.types.ts";
import { readUpstreamJson } from "./bundle.ts";
import { dayNumber, deriveMarketDay, generateMarketDay, tradesOn, type MarketDay } from "./market.model.ts";

export const GENERATED_REGION_IDS = [THE_FORGE_REGION_ID, 10000043] as const;
/** ESI's history route answers about this many past days ("last 13 months"). */
export const ESI_HISTORY_DAYS = 400;

export type DayFileRow = MarketDay & { region_id: number; type_id: number; generated: boolean };
/** A /markets/prices/ row in ESI's shape (alphabetical keys, absent prices left out). */
export type PriceRow = { adjusted_price?: number; average_price?: number; type_id: number };

/** The real /markets/prices/ captures, then the corpus-derived averages (data/upstream/prices.json.gz) for the rest. */
async function loadPriceRows(): Promise<PriceRow[]> {
  const real = (await readBundledSnapshots()).map(({ typeId, averagePrice, adjustedPrice }): PriceRow => ({
    ...(adjustedPrice !== null && { adjusted_price: adjustedPrice }),
    ...(averagePrice !== null && { average_price: averagePrice }),
    type_id: typeId,
  }));
  const derived = await readUpstreamJson<PriceRow[]>({ name: "prices" });
  return [...real, ...derived];
}

/** The bundle's real The Forge days: those with a volume (the rest are the Shrike corpus' averages, no market export). */
async function loadRealHistory() {
  const realByType = new Map<number, MarketDay[]>();
  const realByDay = new Map<string, DayFileRow[]>();
  for (const { typeId, regionId, day, average, volume } of await readBundledHistory()) {
    if (volume === null || regionId !== THE_FORGE_REGION_ID) continue;
    const row = deriveMarketDay({ typeId, day, average, volume });
    if (!realByType.has(typeId)) realByType.set(typeId, []);
    if (!realByDay.has(day)) realByDay.set(day, []);
    realByType.get(typeId)!.push(row);
    realByDay.get(day)!.push({ ...row, region_id: THE_FORGE_REGION_ID, type_id: typeId, generated: false });
  }
  for (const rows of realByType.values()) rows.sort((a, b) => a.date.localeCompare(b.date));
  return { realByType, realByDay };
}

export async function loadMarketData() {
  const [{ realByType, realByDay }, priceRows] = await Promise.all([loadRealHistory(), loadPriceRows()]);
  const knownPrice = new Map<number, number>();
  for (const row of priceRows) {
    const price = row.average_price ?? row.adjusted_price;
    if (price && price > 0 && !realByType.has(row.type_id) && !knownPrice.has(row.type_id)) knownPrice.set(row.type_id, price);
  }
  const generatedTypes = [...knownPrice.keys()].sort((a, b) => a - b);

  function historyOf({ typeId, regionId, today }: { typeId: number; regionId: number; today: string }) {
    const real = realByType.get(typeId);
    if (real) return { days: regionId === THE_FORGE_REGION_ID ? real : [], generated: false, known: true };
    const price = knownPrice.get(typeId);
    if (price === undefined) return { days: [], generated: true, known: false };
    const todayMs = Date.parse(`${today}T00:00:00Z`);
    const range = { from: toUtcDay(new Date(todayMs - ESI_HISTORY_DAYS * DAY_MS)), to: toUtcDay(new Date(todayMs - DAY_MS)) };
    const days = listUtcDays(range).map((day) => generateMarketDay({ typeId, regionId, day, knownPrice: price })).filter((row) => row !== null);
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

  const sortedPriceRows = [...priceRows].sort((a, b) => a.type_id - b.type_id);
  return { historyOf, rowsOfDay, countOfDay, priceRows: () => sortedPriceRows };
}

export type MarketData = Awaited<ReturnType<typeof loadMarketData>>;

let loaded: Promise<MarketData> | null = null;
/** Built once per process, on the first market request (nothing is read at import time). */
export const marketData = () => (loaded ??= loadMarketData());
