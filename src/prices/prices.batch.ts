/**
 * The resolver for one batch of kills: every fact it can need (history, snapshots, overrides of the batch's types
 * and their build materials) is loaded up front in one query each, so pricing a batch never queries per item.
 */
import { toUtcDay } from "../app/time.ts";
import type { Sql } from "../db/db.client.ts";
import type { TypeInfo } from "../universe/universe.types.ts";
import { priceDayOf } from "./market.models.ts";
import { loadBlueprints } from "./prices.bundle.ts";
import { createPricesRepository } from "./prices.repository.ts";
import { THE_FORGE_REGION_ID } from "./prices.types.ts";
import { collectPriceTypeIds, createPriceResolver } from "./resolver.models.ts";

/** zKillboard values everything from The Forge. */
export const PRICE_REGION_ID = THE_FORGE_REGION_ID;

export async function createBatchPriceLoader({ sql, typeOf }: { sql: Sql; typeOf: (typeId: number) => TypeInfo | undefined }) {
  const repository = createPricesRepository({ sql });
  const blueprints = await loadBlueprints();
  const blueprintOf = (typeId: number) => blueprints.get(typeId);

  /** A resolver over the facts of `typeIds` for kills at `killTimes`. */
  async function loadResolver({ typeIds, killTimes }: { typeIds: Iterable<number>; killTimes: Date[] }) {
    const all = [...collectPriceTypeIds({ typeIds, blueprintOf })];
    const times = killTimes.map((time) => time.getTime());
    const from = priceDayOf(new Date(Math.min(...times)));
    // The kill day can be a day after the price day; overrides and fixed prices are read by kill day.
    const to = toUtcDay(new Date(Math.max(...times)));
    const [history, snapshots, overrides] = await Promise.all([
      repository.listHistory({ typeIds: all, regionId: PRICE_REGION_ID, from, to }),
      repository.listSnapshots({ typeIds: all, from, to }),
      repository.listOverrides({ typeIds: all }),
    ]);
    const historyByType = Map.groupBy(history, (row) => row.typeId);
    const snapshotsByType = Map.groupBy(snapshots, (row) => row.typeId);
    const overridesByType = Map.groupBy(overrides, (row) => row.typeId);
    return createPriceResolver({
      facts: {
        typeOf,
        historyOf: (typeId) => historyByType.get(typeId) ?? [],
        snapshotsOf: (typeId) => snapshotsByType.get(typeId) ?? [],
        overridesOf: (typeId) => overridesByType.get(typeId) ?? [],
        blueprintOf,
      },
    });
  }

  return { loadResolver };
}
