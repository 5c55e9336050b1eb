/** A type's price history with the resolver's price for a kill happening now: the price page and its API. */
import type { Sql } from "../db/db.client.ts";
import type { TypeInfo } from "../universe/universe.types.ts";
import { createHistoryRepository } from "./history.repository.ts";
import { resolveTypePrices } from "./lookup.usecases.ts";
import { PRICE_REGION_ID } from "./prices.batch.ts";

export async function loadPriceHistory({ sql, typeOf, typeId, now }: { sql: Sql; typeOf: (typeId: number) => TypeInfo | undefined; typeId: number; now: Date }) {
  const [history, prices] = await Promise.all([
    createHistoryRepository({ sql }).listTypeHistory({ typeId, regionId: PRICE_REGION_ID }),
    resolveTypePrices({ sql, typeOf, typeIds: [typeId], at: now }),
  ]);
  return { typeId, regionId: PRICE_REGION_ID, history, today: prices.get(typeId)! };
}

export type PriceHistory = Awaited<ReturnType<typeof loadPriceHistory>>;

