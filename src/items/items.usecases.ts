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

export async function loadItemPage({ deps, typeId }: { deps: Pick<PageDeps, "sql" | "universe" | "now">; typeId: number }) {
  const now = deps.now();
  const since = daysBefore(now, ITEM_KILLS_DAYS);
  const reads = createKillmailReadRepository({ sql: deps.sql });
  const [price, recent, largest] = await Promise.all([
    loadPriceHistory({ sql: deps.sql, typeOf: typeInfoFrom(deps.universe.type), typeId, now }),
    reads.listKillmailsWithItem({ typeId, since, limit: RECENT_KILLS, by: "time" }),
    reads.listKillmailsWithItem({ typeId, since, limit: TOP_LOSSES, by: "destroyed" }),
  ]);
  const rows = await presentSummaries({ sql: deps.sql, universe: deps.universe, rows: [...recent, ...largest] });
  return {
    price,
    recent: rows.slice(0, recent.length),
    largest: largest.map((loss, index) => ({ row: rows[recent.length + index]!, destroyed: loss.destroyed, dropped: loss.dropped, destroyedValue: loss.destroyedValue })),
  };
}
export type ItemPage = Awaited<ReturnType<typeof loadItemPage>>;
