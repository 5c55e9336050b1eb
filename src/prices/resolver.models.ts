/**
 * One item price as zKillboard computes it (classes/Price.php getItemPrice(), classes/Build.php), in its order:
 * SKINs 0.01; fixed prices (types, then groups); calculated prices (Customs Office); structure modules, titans and
 * supercarriers from build cost first; else the market rule, with build cost when it says ≤ 0.01 and the day's own
 * average when lower. Ours on top: an operator override wins; where zKillboard would end at 0.01 for lack of data,
 * a /markets/prices/ snapshot, then the SDE base price (never for charges), each flagged. Pure: the caller supplies
 * every fact; results are memoised per (type, day) for the resolver's lifetime: one batch on the database path,
 * the process for the bundled context (killmail.bundle.ts), whose facts never change.
 */
import type { TypeInfo } from "../universe/universe.types.ts";
import { computeMarketPrice, NOMINAL_PRICE } from "./market.models.ts";
import {
  BUILD_FIRST_CATEGORY_ID, BUILD_FIRST_GROUP_IDS, BUILD_FIRST_HULL_MIN_ISK, CALCULATED_PRICES, CHARGE_CATEGORY_ID,
  findFixedPrice, SKIN_CATEGORY_ID,
} from "./prices.fixed.ts";
import type { Blueprint, HistoryDay, PriceOverride, PriceSnapshot, ResolvedPrice } from "./prices.types.ts";

export type PriceFacts = {
  typeOf: (typeId: number) => TypeInfo | undefined;
  /** Ascending by day. */
  historyOf: (typeId: number) => HistoryDay[];
  /** Ascending by day. */
  snapshotsOf: (typeId: number) => PriceSnapshot[];
  /** Latest set first. */
  overridesOf: (typeId: number) => PriceOverride[];
  blueprintOf: (typeId: number) => Blueprint | undefined;
};

/** The kill's UTC day (fixed-price cut-overs, overrides) and zKillboard's price day (kill time − 3601 s). */
export type PriceWhen = { killDay: string; priceDay: string };

/** Build materials need `max(1, ceil(0.9 × quantity))`: zKillboard assumes a fully researched blueprint. */
export const buildQuantity = (quantity: number) => Math.max(1, Math.ceil(0.9 * quantity));

const nominal = (note: string): ResolvedPrice => ({ unitPrice: NOMINAL_PRICE, priceSource: "none", inputs: { rule: "none", note } });

export function createPriceResolver({ facts }: { facts: PriceFacts }) {
  const memo = new Map<string, ResolvedPrice>();
  const building = new Set<string>();

  function buildCost(typeId: number, when: PriceWhen): ResolvedPrice {
    const blueprint = facts.blueprintOf(typeId);
    if (!blueprint) return nominal("no manufacturing blueprint");
    const key = `${typeId}:${when.killDay}:${when.priceDay}`;
    if (building.has(key)) return { unitPrice: NOMINAL_PRICE, priceSource: "none", inputs: { rule: "cycle", note: `type ${typeId} is its own material` } };
    building.add(key);
    try {
      let total = 0;
      const materials = blueprint.materials.map(([materialId, quantity]) => {
        const { unitPrice, priceSource } = resolvePrice({ typeId: materialId, when });
        const used = buildQuantity(quantity);
        total += unitPrice * used;
        return { typeId: materialId, quantity: used, unitPrice, source: priceSource };
      });
      return {
        unitPrice: total / Math.max(1, blueprint.productQuantity),
        priceSource: "build_cost",
        inputs: { rule: "build", day: when.priceDay, blueprintTypeId: blueprint.blueprintTypeId, productQuantity: blueprint.productQuantity, materials },
      };
    } finally {
      building.delete(key);
    }
  }

  function calculatedPrice(parts: [number, number][], when: PriceWhen): ResolvedPrice {
    const priced = parts.map(([typeId, quantity]) => {
      const { unitPrice, priceSource } = resolvePrice({ typeId, when });
      return { typeId, quantity, unitPrice, source: priceSource };
    });
    const unitPrice = priced.reduce((sum, part) => sum + part.unitPrice * part.quantity, 0);
    return { unitPrice, priceSource: "calculated", inputs: { rule: "calculated", day: when.priceDay, parts: priced } };
  }

  /** The market rule, build cost when it says ≤ 0.01, and the price day's own average when that is lower. */
  function marketRule(typeId: number, when: PriceWhen): ResolvedPrice {
    const market = computeMarketPrice({ history: facts.historyOf(typeId), day: when.priceDay });
    const mean = market?.mean ?? NOMINAL_PRICE;
    let result: ResolvedPrice = market && mean > NOMINAL_PRICE
      ? {
          unitPrice: mean,
          priceSource: market.sources.includes("emulated") ? "emulated_market" : "market",
          inputs: { rule: "market", day: when.priceDay, values: market.values, from: market.from, to: market.to, trim: market.trim, mean, sources: market.sources },
        }
      : buildCost(typeId, when);
    const own = market?.dayAverage;
    if (own !== undefined && own > 0 && own < result.unitPrice && market) {
      result = {
        unitPrice: own,
        priceSource: market.sources.includes("emulated") ? "emulated_market" : "market",
        inputs: { rule: "market", day: when.priceDay, values: market.values, from: market.from, to: market.to, trim: market.trim, mean, dayAverage: own, sources: market.sources },
      };
    }
    return result;
  }

  /** zKillboard's 0.01 "no data" replaced by what we have, flagged: a snapshot, then the SDE base price. */
  function lastResort(typeId: number, type: TypeInfo | undefined, when: PriceWhen, zkb: ResolvedPrice): ResolvedPrice {
    const snapshots = facts.snapshotsOf(typeId).filter((row) => (row.averagePrice ?? 0) > 0 || (row.adjustedPrice ?? 0) > 0);
    const snapshot = snapshots.findLast((row) => row.day <= when.priceDay) ?? snapshots[0];
    if (snapshot) {
      const average = (snapshot.averagePrice ?? 0) > 0;
      return {
        unitPrice: average ? snapshot.averagePrice! : snapshot.adjustedPrice!,
        priceSource: average ? "esi_average" : "esi_adjusted",
        inputs: { rule: "snapshot", day: when.priceDay, snapshotDay: snapshot.day },
      };
    }
    if (type?.basePrice && type.basePrice > 0 && type.categoryId !== CHARGE_CATEGORY_ID) {
      return { unitPrice: type.basePrice, priceSource: "sde_base_price", inputs: { rule: "base_price", note: "SDE base price: no market data, blueprint or snapshot" } };
    }
    return zkb;
  }

  function zkillboardPrice(typeId: number, type: TypeInfo | undefined, when: PriceWhen): ResolvedPrice {
    if (type?.categoryId === SKIN_CATEGORY_ID) return { unitPrice: NOMINAL_PRICE, priceSource: "convention", inputs: { rule: "convention", note: "SKIN" } };
    const fixed = findFixedPrice({ typeId, groupId: type?.groupId, killDay: when.killDay });
    if (fixed) return { unitPrice: fixed.price, priceSource: "fixed", inputs: { rule: "fixed", note: fixed.note } };
    const parts = CALCULATED_PRICES.get(typeId);
    if (parts) return calculatedPrice(parts, when);
    if (type?.categoryId === BUILD_FIRST_CATEGORY_ID) {
      const built = buildCost(typeId, when);
      if (built.unitPrice > NOMINAL_PRICE) return built;
    }
    if (type && BUILD_FIRST_GROUP_IDS.has(type.groupId)) {
      const built = buildCost(typeId, when);
      if (built.unitPrice > BUILD_FIRST_HULL_MIN_ISK) return built;
    }
    return marketRule(typeId, when);
  }

  function resolveUncached(typeId: number, when: PriceWhen): ResolvedPrice {
    const override = facts.overridesOf(typeId).find((row) => (!row.fromDay || row.fromDay <= when.killDay) && (!row.toDay || when.killDay <= row.toDay));
    if (override) {
      return { unitPrice: override.price, priceSource: "override", inputs: { rule: "override", overrideId: override.overrideId, fromDay: override.fromDay, toDay: override.toDay } };
    }
    const type = facts.typeOf(typeId);
    const zkb = zkillboardPrice(typeId, type, when);
    // Only zKillboard's "no data" 0.01 is replaced: a fixed or conventional 0.01 (SKINs, Khumaak) is meant.
    return zkb.priceSource === "none" ? lastResort(typeId, type, when, zkb) : zkb;
  }

  function resolvePrice({ typeId, when }: { typeId: number; when: PriceWhen }): ResolvedPrice {
    const key = `${typeId}:${when.killDay}:${when.priceDay}`;
    let price = memo.get(key);
    if (!price) {
      price = resolveUncached(typeId, when);
      // A price cut short by a cycle depends on the path that reached it, so it is not remembered.
      if (price.inputs.rule !== "cycle") memo.set(key, price);
    }
    return price;
  }

  return { resolvePrice };
}

/** Every type whose price `typeIds` can need: themselves, their build materials and calculated parts, transitively. */
export function collectPriceTypeIds({ typeIds, blueprintOf }: { typeIds: Iterable<number>; blueprintOf: (typeId: number) => Blueprint | undefined }) {
  const all = new Set<number>();
  const pending = [...typeIds];
  while (pending.length) {
    const typeId = pending.pop()!;
    if (all.has(typeId)) continue;
    all.add(typeId);
    for (const [materialId] of blueprintOf(typeId)?.materials ?? []) pending.push(materialId);
    for (const [partId] of CALCULATED_PRICES.get(typeId) ?? []) pending.push(partId);
  }
  return all;
}
