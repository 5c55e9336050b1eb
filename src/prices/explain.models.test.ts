import { describe, expect, test } from "bun:test";
import { explainPrice } from "./explain.models.ts";
import type { PriceInputs } from "./prices.types.ts";

const NAMES: Record<number, string> = { 34: "Tritanium", 35: "Pyerite", 36: "Mexallon", 37: "Isogen", 999: "Rifter Blueprint" };
const typeName = (typeId: number) => NAMES[typeId] ?? `Unknown type #${typeId}`;
const explain = (priceSource: string, inputs: PriceInputs | null) => explainPrice({ priceSource, inputs, typeName });

describe("why this value", () => {
  test("a market price names its price day, the window of days and how it was trimmed", () => {
    const why = explain("market", { rule: "market", day: "2025-11-03", values: 34, from: "2025-09-30", to: "2025-11-03", trim: "34", mean: 1234.5, sources: ["esi"] });
    expect(why.summary).toBe("price day 2025-11-03: average of 34 days 2025-09-30..2025-11-03, 2 lowest and 2 highest dropped = 1,234.50 ISK (history: esi)");
    expect(why).toMatchObject({ sourceLabel: "The Forge market history", warning: null, parts: [] });
  });

  test("a lower own day average is said to win over the mean", () => {
    const why = explain("market", { rule: "market", day: "2025-11-03", values: 8, from: "2025-10-20", to: "2025-11-03", trim: "top2", mean: 10, dayAverage: 7, sources: ["bundled"] });
    expect(why.summary).toContain("average of 8 days 2025-10-20..2025-11-03, 2 highest dropped = 10.00 ISK; the price day's own average 7.00 ISK is lower, so it is used");
  });

  test("a build cost lists its materials by name, the first three in the summary", () => {
    const materials = [34, 35, 36, 37].map((typeId, index) => ({ typeId, quantity: 3 * (index + 1), unitPrice: 4.5, source: "market" as const }));
    const why = explain("build_cost", { rule: "build", day: "2025-11-03", blueprintTypeId: 999, productQuantity: 1, materials });
    expect(why.summary).toBe("built on 2025-11-03 from 3 × Tritanium at 4.50 ISK, 6 × Pyerite at 4.50 ISK, 9 × Mexallon at 4.50 ISK … and 1 more (Rifter Blueprint)");
    expect(why.parts.map((part) => [part.name, part.quantity, part.sourceLabel])).toEqual([
      ["Tritanium", 3, "The Forge market history"], ["Pyerite", 6, "The Forge market history"], ["Mexallon", 9, "The Forge market history"], ["Isogen", 12, "The Forge market history"],
    ]);
  });

  test("sources that are not market data carry a warning", () => {
    expect(explain("emulated_market", { rule: "market", day: "2025-11-03", values: 1, from: "2025-11-03", to: "2025-11-03", trim: "none", mean: 5, sources: ["emulated"] }).warning).toContain("not market data");
    expect(explain("sde_base_price", { rule: "base_price", note: "SDE base price: no market data" }).warning).toContain("not a market value");
    expect(explain("esi_average", { rule: "snapshot", day: "2025-11-03", snapshotDay: "2025-11-01" })).toMatchObject({
      warning: "no market history: zKillboard would say 0.01", summary: "ESI /markets/prices/ of 2025-11-01: nothing else known for price day 2025-11-03",
    });
    expect(explain("override", { rule: "override", overrideId: 3, fromDay: "2025-10-01", toDay: null }).summary).toBe("operator price #3 for kills 2025-10-01..…");
  });

  test("a price stored before inputs were kept says so instead of inventing them", () => {
    expect(explain("market_history", null)).toMatchObject({ sourceLabel: "market_history", inputs: null, summary: expect.stringContaining("killmail revalue") });
  });
});
