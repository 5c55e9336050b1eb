/** Everything the item page shows besides its price: recent kills where the type was lost, and its largest losses. Data only. */
import { daysBefore } from "../app/time.ts";
import { presentSummaries } from "../killmails/killmail.lists.ts";
import { createKillmailReadRepository } from "../killmails/killmail.read.repository.ts";
import { typeInfoFrom } from "../prices/lookup.usecases.ts";
import { loadPriceHistory } from "../prices/history.usecases.ts";
import type { PageDeps } from "../present/present.deps.ts";

/** A month of kills: recent enough to matter, few enough partitions that the type index answers at once. */
export const ITEM_KILLS_DAYS = 30;
const RECENT_KILLS = 20;
const TOP_LOSSES = 10;
/** The largest losses add up every row of the type: at most this many (tens of milliseconds), the newest. */
export const LARGEST_SCAN_ROWS = 50_000;

/** The largest losses since `since`, or since a later start when the type has more rows than the scan allows. */
async function loadLargestLosses({ reads, typeId, since }: { reads: ReturnType<typeof createKillmailReadRepository>; typeId: number; since: Date }) {
  const start = await reads.findItemRowsStart({ typeId, since, rows: LARGEST_SCAN_ROWS });
  const from = start && start > since ? start : since;
  return { from: from === since ? null : from, rows: await reads.listKillmailsWithItem({ typeId, since: from, limit: TOP_LOSSES, by: "destroyed" }) };
}

export async function loadItemPage({ deps, typeId }: { deps: Pick<PageDeps, "sql" | "universe" | "now">; typeId: number }) {
  const now = deps.now();
  const since = daysBefore(now, ITEM_KILLS_DAYS);
  const reads = createKillmailReadRepository({ sql: deps.sql });
  const [price, recent, largest] = await Promise.all([
    loadPriceHistory({ sql: deps.sql, typeOf: typeInfoFrom(deps.universe.type), typeId, now }),
    reads.listKillmailsWithItem({ typeId, since, limit: RECENT_KILLS, by: "time" }),
    loadLargestLosses({ reads, typeId, since }),
  ]);
  const rows = await presentSummaries({ sql: deps.sql, universe: deps.universe, rows: [...recent, ...largest.rows] });
  return {
    price,
    recent: rows.slice(0, recent.length),
    largestFrom: largest.from,
    largest: largest.rows.map((loss, index) => ({ row: rows[recent.length + index]!, destroyed: loss.destroyed, dropped: loss.dropped, destroyedValue: loss.destroyedValue })),
  };
}
export type ItemPage = Awaited<ReturnType<typeof loadItemPage>>;
