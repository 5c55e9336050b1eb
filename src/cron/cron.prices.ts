/**
 * The daily `prices` job: ESI's history of every type the kills of the last days carry (and their build materials)
 * once ESI has refreshed it, today's /markets/prices/, then the kills of the last days valued again with what arrived. Both
 * halves resume (price_fetches, revalue_cursors), so a run cut short and run again does each thing once.
 */
import { DAY_MS, startOfUtcDay, toUtcDay } from "../app/time.ts";
import { fetchEsiPrices } from "../prices/esi.fetch.ts";
import { revalueKillmails } from "../revalue/revalue.usecases.ts";
import { loadUniverseLookup } from "../universe/universe.usecases.ts";
import type { CronJobContext } from "./cron.jobs.ts";

/** Kills of today and the 2 days before it are valued again: new history moves their window (kill time − 3601 s). */
export const PRICES_REVALUE_DAYS = 2;

export async function runPricesJob({ sql, esi, now, signal, settings }: CronJobContext) {
  // A whole-day start keeps the revalue run key the same all day, so a re-run after a crash resumes its cursor.
  const since = new Date(startOfUtcDay(now()).getTime() - PRICES_REVALUE_DAYS * DAY_MS);
  // Only the kills about to be revalued need fresh history: their types, not those of every kill ever stored
  // (`prices fetch esi --types seen` still covers them all).
  const fetched = await fetchEsiPrices({ sql, esi, regions: settings.priceRegions, types: "seen", seenSince: since, now: now(), signal });
  const universe = await loadUniverseLookup({ sql });
  const revalued = await revalueKillmails({ sql, universe, filter: { since, until: null, typeId: null }, dryRun: false, signal });
  const counts = {
    ...fetched,
    revalueSince: toUtcDay(since), revalueScanned: revalued.scanned, revalueChanged: revalued.changed, revalueStopped: revalued.stopped,
    largestChanges: revalued.largest.slice(0, 5),
  };
  // Failed types are not marked fetched; a failure recorded here is what makes an operator look (and `cron run prices` resumes).
  if (fetched.failed) throw new Error(`${fetched.failed} of ${fetched.types} types failed to fetch; ${JSON.stringify(counts)}`);
  return counts;
}
