/**
 * Prices outside a kill's valuation: a few types at one moment (a type's price today),
 * through the same batch resolver `killmail revalue` uses, so what a page shows is what a revaluation would store.
 */
import { toUtcDay } from "../app/time.ts";
import type { Sql } from "../db/db.client.ts";
import type { TypeName } from "../universe/universe.names.ts";
import type { TypeInfo } from "../universe/universe.types.ts";
import { priceDayOf } from "./market.models.ts";
import { createBatchPriceLoader } from "./prices.batch.ts";
import type { ResolvedPrice } from "./prices.types.ts";

/** The resolver's view of a type from the web process's static names. */
export const typeInfoFrom = (type: (typeId: number) => TypeName | undefined) => (typeId: number): TypeInfo | undefined => {
  const found = type(typeId);
  return found ? { typeId, ...found } : undefined;
};

export async function resolveTypePrices({ sql, typeOf, typeIds, at }: {
  sql: Sql; typeOf: (typeId: number) => TypeInfo | undefined; typeIds: number[]; at: Date;
}): Promise<Map<number, ResolvedPrice>> {
  const loader = await createBatchPriceLoader({ sql, typeOf });
  const resolver = await loader.loadResolver({ typeIds, killTimes: [at] });
  const when = { killDay: toUtcDay(at), priceDay: priceDayOf(at) };
  return new Map(typeIds.map((typeId) => [typeId, resolver.resolvePrice({ typeId, when })]));
}
