/**
 * The hull's "why this value". Its price is not stored per kill (valuation.models.ts deriveHullPrice), so the
 * resolver prices it again at the kill time; when that differs from what the stored total holds, prices have
 * changed since the kill was valued and the page says so instead of pretending the two agree.
 */
import type { Sql } from "../db/db.client.ts";
import { resolveTypePrices, typeInfoFrom } from "../prices/lookup.usecases.ts";
import type { ResolvedPrice } from "../prices/prices.types.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import { createKillmailReadRepository, type ItemRow, type KillmailDetail } from "./killmail.read.repository.ts";
import { deriveHullPrice } from "./valuation.models.ts";

/** Totals are rounded to the cent twice (dropped, destroyed), so the derived hull can be off by about that much. */
const HULL_ROUNDING_ISK = 0.02;

export type ExplainedHull = { typeId: number; unitPrice: number; priceSource: string; resolved: ResolvedPrice; current: boolean };

export async function explainHullPrice({ sql, universe, killmail, items }: {
  sql: Sql; universe: Pick<UniverseNames, "type">; killmail: Pick<KillmailDetail, "victimShipTypeId" | "killmailTime" | "totalValue">; items: ItemRow[];
}): Promise<ExplainedHull> {
  const typeId = killmail.victimShipTypeId;
  const stored = deriveHullPrice({ totalValue: killmail.totalValue, items });
  const prices = await resolveTypePrices({ sql, typeOf: typeInfoFrom(universe.type), typeIds: [typeId], at: killmail.killmailTime });
  const resolved = prices.get(typeId)!;
  const current = Math.abs(resolved.unitPrice - stored.unitPrice) <= HULL_ROUNDING_ISK;
  return { typeId, unitPrice: stored.unitPrice, priceSource: current ? resolved.priceSource : stored.priceSource, resolved, current };
}

/** The stored item prices of a killmail with its hull explained, or null when there is no such killmail. */
export async function loadKillmailPrices({ sql, universe, killmailId }: { sql: Sql; universe: Pick<UniverseNames, "type">; killmailId: number }) {
  const found = await createKillmailReadRepository({ sql }).findKillmail({ killmailId });
  if (!found) return null;
  const hull = await explainHullPrice({ sql, universe, killmail: found.killmail, items: found.items });
  return { items: found.items, hull };
}
