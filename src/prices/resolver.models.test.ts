import { describe, expect, test } from "bun:test";
import type { TypeInfo } from "../universe/universe.types.ts";
import { computeMarketPrice, priceDayOf, roundCents } from "./market.models.ts";
import type { Blueprint, HistoryDay, PriceOverride, PriceSnapshot } from "./prices.types.ts";
import { buildQuantity, collectPriceTypeIds, createPriceResolver, type PriceWhen } from "./resolver.models.ts";

const type = (typeId: number, groupId: number, categoryId: number, basePrice: number | null = null): TypeInfo => ({ typeId, groupId, categoryId, name: `type ${typeId}`, basePrice });
const days = (count: number, last: string, average: (index: number) => number): HistoryDay[] =>
  Array.from({ length: count }, (_, index) => ({
    day: new Date(Date.parse(last) - (count - 1 - index) * 86_400_000).toISOString().slice(0, 10), average: average(index), source: "esi" as const,
  }));

function resolverOf({ types = [], history = {}, snapshots = {}, overrides = {}, blueprints = {} }: {
  types?: TypeInfo[]; history?: Record<number, HistoryDay[]>; snapshots?: Record<number, PriceSnapshot[]>;
  overrides?: Record<number, PriceOverride[]>; blueprints?: Record<number, Blueprint>;
}) {
  const byId = new Map(types.map((entry) => [entry.typeId, entry]));
  return createPriceResolver({
    facts: {
      typeOf: (id) => byId.get(id), historyOf: (id) => history[id] ?? [], snapshotsOf: (id) => snapshots[id] ?? [],
      overridesOf: (id) => overrides[id] ?? [], blueprintOf: (id) => blueprints[id],
    },
  });
}
const on = (day: string): PriceWhen => ({ killDay: day, priceDay: day });

describe("the market rule", () => {
  test("the price day is an hour and a second before the kill", () => {
    expect(priceDayOf(new Date("2025-10-02T01:00:00Z"))).toBe("2025-10-01");
    expect(priceDayOf(new Date("2025-10-02T01:00:01Z"))).toBe("2025-10-02");
  });

  test("34 values lose their two lowest and two highest; more than 6 lose their two highest; fewer are all kept", () => {
    const full = computeMarketPrice({ history: days(40, "2025-10-10", (i) => i + 1), day: "2025-10-10" })!;
    // The last 34 days are 7..40; trimmed to 9..38, whose mean is 23.5.
    expect(full).toMatchObject({ values: 34, trim: "34", mean: 23.5, from: "2025-09-07", to: "2025-10-10" });
    expect(computeMarketPrice({ history: days(8, "2025-10-10", (i) => i + 1), day: "2025-10-10" })).toMatchObject({ trim: "top2", mean: 3.5 });
    expect(computeMarketPrice({ history: days(3, "2025-10-10", (i) => i + 1), day: "2025-10-10" })).toMatchObject({ trim: "none", mean: 2 });
    expect(computeMarketPrice({ history: days(3, "2025-10-10", () => 1), day: "2025-10-07" })).toBeNull();
  });

  test("rounds half a cent up, as PHP's round() does", () => {
    expect(roundCents(1.005)).toBe(1.01);
    expect(roundCents(2.675)).toBe(2.68);
  });

  test("the day's own average wins when it is lower than the mean", () => {
    const history = days(5, "2025-10-10", (i) => (i === 4 ? 1 : 100));
    expect(resolverOf({ history: { 5: history } }).resolvePrice({ typeId: 5, when: on("2025-10-10") })).toMatchObject({ unitPrice: 1, priceSource: "market" });
  });

  test("emulated history is flagged as such", () => {
    const history = days(3, "2025-10-10", () => 50).map((day) => ({ ...day, source: "emulated" as const }));
    expect(resolverOf({ history: { 5: history } }).resolvePrice({ typeId: 5, when: on("2025-10-10") }).priceSource).toBe("emulated_market");
  });
});

describe("zKillboard's rules before the market", () => {
  test("SKINs are 0.01 whatever the market says, and a fixed 0.01 is not replaced by a snapshot", () => {
    const resolver = resolverOf({ types: [type(1, 1950, 91), type(12478, 1, 4)], history: { 1: days(5, "2025-10-10", () => 1e6) }, snapshots: { 12478: [{ day: "2025-10-01", averagePrice: 5e6, adjustedPrice: null }] } });
    expect(resolver.resolvePrice({ typeId: 1, when: on("2025-10-10") })).toMatchObject({ unitPrice: 0.01, priceSource: "convention" });
    expect(resolver.resolvePrice({ typeId: 12478, when: on("2025-10-10") })).toMatchObject({ unitPrice: 0.01, priceSource: "fixed" });
  });

  test("fixed prices follow their date cut-overs: the Revenant was 100 billion before 2023-12-01", () => {
    const resolver = resolverOf({ types: [type(3514, 659, 6)] });
    expect(resolver.resolvePrice({ typeId: 3514, when: on("2023-11-30") }).unitPrice).toBe(100e9);
    expect(resolver.resolvePrice({ typeId: 3514, when: on("2023-12-01") }).unitPrice).toBe(250e9);
  });

  test("titans and supercarriers are priced from build cost before their market", () => {
    const resolver = resolverOf({
      types: [type(23913, 659, 6), type(34, 18, 4)],
      history: { 23913: days(5, "2025-10-10", () => 20e9), 34: days(5, "2025-10-10", () => 5) },
      blueprints: { 23913: { blueprintTypeId: 23914, productQuantity: 1, materials: [[34, 1_000_000]] } },
    });
    const price = resolver.resolvePrice({ typeId: 23913, when: on("2025-10-10") });
    expect(price).toMatchObject({ unitPrice: 5 * 900_000, priceSource: "build_cost" });
    expect(price.inputs).toMatchObject({ rule: "build", materials: [{ typeId: 34, quantity: 900_000, unitPrice: 5, source: "market" }] });
  });

  test("build cost needs max(1, ceil(0.9 × qty)) of each material and divides by the product quantity", () => {
    expect([1, 2, 10, 11].map(buildQuantity)).toEqual([1, 2, 9, 10]);
    const resolver = resolverOf({
      history: { 34: days(3, "2025-10-10", () => 10) },
      blueprints: { 200: { blueprintTypeId: 201, productQuantity: 100, materials: [[34, 11]] } },
    });
    expect(resolver.resolvePrice({ typeId: 200, when: on("2025-10-10") })).toMatchObject({ unitPrice: 1, priceSource: "build_cost" });
  });

  test("a blueprint cycle ends at 0.01 instead of recursing forever", () => {
    const resolver = resolverOf({ blueprints: { 1: { blueprintTypeId: 11, productQuantity: 1, materials: [[2, 1]] }, 2: { blueprintTypeId: 12, productQuantity: 1, materials: [[1, 1]] } } });
    expect(resolver.resolvePrice({ typeId: 1, when: on("2025-10-10") }).unitPrice).toBeGreaterThan(0);
  });

  test("the Customs Office is its gantry plus eight of each of four parts", () => {
    const history = Object.fromEntries([[3962, 1000], [2867, 1], [2871, 2], [2876, 3], [2872, 4]].map(([id, price]) => [id, days(3, "2025-10-10", () => price!)]));
    const price = resolverOf({ history }).resolvePrice({ typeId: 2233, when: on("2025-10-10") });
    expect(price).toMatchObject({ unitPrice: 1000 + 8 * (1 + 2 + 3 + 4), priceSource: "calculated" });
  });
});

describe("our additions", () => {
  test("an override applies in its day range and wins over everything", () => {
    const overrides = { 5: [{ overrideId: 1, fromDay: "2025-10-01", toDay: "2025-10-05", price: 42, setAt: "" }] };
    const resolver = resolverOf({ history: { 5: days(5, "2025-10-10", () => 7) }, overrides });
    expect(resolver.resolvePrice({ typeId: 5, when: on("2025-10-03") })).toMatchObject({ unitPrice: 42, priceSource: "override" });
    expect(resolver.resolvePrice({ typeId: 5, when: on("2025-10-10") })).toMatchObject({ unitPrice: 7, priceSource: "market" });
  });

  test("without history or blueprint a snapshot is used, flagged; then the SDE base price, never for a charge", () => {
    const resolver = resolverOf({
      types: [type(1, 1, 7, 500), type(2, 83, 8, 100_000), type(3, 1, 7, 500)],
      snapshots: { 3: [{ day: "2025-12-03", averagePrice: null, adjustedPrice: 9 }] },
    });
    expect(resolver.resolvePrice({ typeId: 1, when: on("2020-01-01") })).toMatchObject({ unitPrice: 500, priceSource: "sde_base_price" });
    expect(resolver.resolvePrice({ typeId: 2, when: on("2020-01-01") })).toMatchObject({ unitPrice: 0.01, priceSource: "none" });
    expect(resolver.resolvePrice({ typeId: 3, when: on("2020-01-01") })).toMatchObject({ unitPrice: 9, priceSource: "esi_adjusted" });
  });

  test("the types a batch needs include build materials and calculated parts, transitively", () => {
    const blueprints: Record<number, Blueprint> = { 1: { blueprintTypeId: 11, productQuantity: 1, materials: [[2, 1]] }, 2: { blueprintTypeId: 12, productQuantity: 1, materials: [[3, 1]] } };
    expect([...collectPriceTypeIds({ typeIds: [1, 2233], blueprintOf: (id) => blueprints[id] })].sort((a, b) => a - b)).toEqual([1, 2, 3, 2233, 2867, 2871, 2872, 2876, 3962]);
  });
});
