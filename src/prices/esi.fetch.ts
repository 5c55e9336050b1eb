/**
 * `prices fetch esi`: ESI's daily market history per (region, type), and today's `/markets/prices/`. A type is
 * fetched once per ESI history refresh (fetch.models.ts): price_fetches records it after its rows are stored, so
 * a stopped run resumes with the types it had not reached and a second run in the same refresh asks for nothing.
 * Only types the static data lists on the market are asked for: ESI answers any other with a 404, and every 4xx
 * spends the global error budget.
 */
import { AppError } from "../app/errors.ts";
import { toUtcDay } from "../app/time.ts";
import type { Sql } from "../db/db.client.ts";
import type { MarketHistoryDay } from "../esi/esi.markets.ts";
import { historyRefreshDayOf, historySourceOf } from "./fetch.models.ts";
import { loadBlueprints } from "./prices.bundle.ts";
import { createPricesRepository } from "./prices.repository.ts";
import { collectPriceTypeIds } from "./resolver.models.ts";

/**
 * The history route has no rate-limit group; only the error limit applies, and the client's gate pauses every
 * lane at once when it runs low. 8 in flight fetch all ~15,000 market types in minutes without hurrying ESI.
 */
export const ESI_HISTORY_CONCURRENCY = 8;
/** This many failed types in one run mean ESI is down for us: stop (the next run resumes) instead of trying the rest. */
export const ESI_FETCH_MAX_FAILURES = 50;

/** What this needs of the ESI client (esi.markets.ts). */
export type MarketSource = {
  getMarketHistory(input: { regionId: number; typeId: number; signal?: AbortSignal }): Promise<{ days: MarketHistoryDay[]; emulated: string | null; marketType: boolean }>;
  getMarketPrices(input?: { signal?: AbortSignal }): Promise<{ prices: { type_id: number; average_price?: number; adjusted_price?: number }[]; emulated: string | null }>;
};
export type EsiFetchCounts = {
  types: number; notOnMarket: number; skipped: number; fetched: number; noHistory: number; failed: number;
  rows: number; changed: number; snapshots: number; snapshotsChanged: number;
};
export type EsiFetchProgress = EsiFetchCounts & { regionId: number; toFetch: number };
type Repository = ReturnType<typeof createPricesRepository>;

/** Runs `run` over `items` with at most `concurrency` pending. */
async function forEachInLanes<T>({ items, concurrency, run }: { items: T[]; concurrency: number; run: (item: T) => Promise<void> }) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}

async function listWantedTypes({ repository, types, seenSince }: { repository: Repository; types: "seen" | "all"; seenSince: Date | null }) {
  const market = await repository.listMarketTypeIds();
  if (types === "all") return { typeIds: market, notOnMarket: 0 };
  const blueprints = await loadBlueprints();
  const seen = collectPriceTypeIds({ typeIds: await repository.listSeenTypeIds({ since: seenSince }), blueprintOf: (typeId) => blueprints.get(typeId) });
  const onMarket = new Set(market);
  const typeIds = [...seen].filter((typeId) => onMarket.has(typeId)).sort((a, b) => a - b);
  return { typeIds, notOnMarket: seen.size - typeIds.length };
}

async function fetchSnapshots({ repository, esi, day, counts, signal }: { repository: Repository; esi: MarketSource; day: string; counts: EsiFetchCounts; signal?: AbortSignal }) {
  if (await repository.hasFetchedSnapshotsOn({ day })) return;
  const { prices, emulated } = await esi.getMarketPrices({ signal });
  const source = historySourceOf({ emulated, real: "esi" });
  const rows = prices.map((price) => ({ typeId: price.type_id, day, averagePrice: price.average_price ?? null, adjustedPrice: price.adjusted_price ?? null, source }));
  counts.snapshots += rows.length;
  const changed = await repository.upsertSnapshots({ rows });
  counts.snapshotsChanged += changed;
}

export async function fetchEsiPrices({ sql, esi, regions, types, seenSince = null, now = new Date(), concurrency = ESI_HISTORY_CONCURRENCY, signal, onTypeFailed, onProgress }: {
  sql: Sql;
  esi: MarketSource;
  regions: number[];
  /** `seen`: types of stored killmails and their build materials; `all`: every market type of the static data. */
  types: "seen" | "all";
  /** With `seen`: only killmails from this time on (the daily job's recent kills); null: every stored killmail. */
  seenSince?: Date | null;
  now?: Date;
  concurrency?: number;
  signal?: AbortSignal;
  onTypeFailed?: (failure: { regionId: number; typeId: number; reason: string }) => void;
  onProgress?: (progress: EsiFetchProgress) => void;
}) {
  const repository = createPricesRepository({ sql });
  const { typeIds, notOnMarket } = await listWantedTypes({ repository, types, seenSince });
  const refreshDay = historyRefreshDayOf({ now });
  const counts: EsiFetchCounts = { types: typeIds.length, notOnMarket, skipped: 0, fetched: 0, noHistory: 0, failed: 0, rows: 0, changed: 0, snapshots: 0, snapshotsChanged: 0 };
  for (const regionId of regions) {
    const done = await repository.listFetchedToday({ regionId, day: refreshDay });
    const todo = typeIds.filter((typeId) => !done.has(typeId));
    counts.skipped += typeIds.length - todo.length;
    const report = () => onProgress?.({ ...counts, regionId, toFetch: todo.length });
    await forEachInLanes({
      items: todo, concurrency,
      async run(typeId) {
        if (signal?.aborted || counts.failed >= ESI_FETCH_MAX_FAILURES) return;
        try {
          const { days, emulated } = await esi.getMarketHistory({ regionId, typeId, signal });
          const source = historySourceOf({ emulated, real: "esi" });
          const rows = days.map((day) => ({ typeId, regionId, day: day.date, average: day.average, highest: day.highest, lowest: day.lowest, volume: day.volume, orderCount: day.order_count, source }));
          // Not `counts.changed += await …`: that reads the count before the await and loses the other lanes' additions.
          const changed = await repository.upsertHistory({ rows });
          counts.changed += changed;
          await repository.markFetched({ regionId, typeId, day: refreshDay, rows: rows.length });
          counts.fetched++;
          counts.rows += rows.length;
          if (!rows.length) counts.noHistory++;
        } catch (error) {
          if (signal?.aborted) return;
          counts.failed++;
          onTypeFailed?.({ regionId, typeId, reason: error instanceof Error ? error.message : String(error) });
        }
        report();
      },
    });
    if (signal?.aborted) throw signal.reason ?? new Error("aborted");
    if (counts.failed >= ESI_FETCH_MAX_FAILURES) {
      throw new AppError({ code: "prices.esi_failing", status: 502, message: `stopped after ${counts.failed} types failed; the next run resumes with the types not fetched yet` });
    }
  }
  await fetchSnapshots({ repository, esi, day: toUtcDay(now), counts, signal });
  return counts;
}
