import { describe, expect, test } from "bun:test";
import { createTestUniverse } from "../../test/support/universe.ts";
import type { PriceRow } from "./prices.types.ts";
import type { TypeInfo } from "../universe/universe.types.ts";
import { pickPrice } from "./prices.models.ts";

const context = await createTestUniverse();
const DAMAGE_CONTROL_II = 2048;
const row = (priceDate: string, source: PriceRow["source"], price: number): PriceRow => ({ typeId: 1, priceDate, source, price });
const module: TypeInfo = { typeId: 1, groupId: 60, categoryId: 7, name: "Module", basePrice: 123 };

describe("pickPrice", () => {
  test("market history uses the closest day on or before the kill", () => {
    const rows = context.pricesOf(DAMAGE_CONTROL_II);
    expect(pickPrice({ rows, date: "2011-07-24", type: context.typeOf(DAMAGE_CONTROL_II) })).toEqual({ unitPrice: 587998, priceSource: "market_history" });
    expect(pickPrice({ rows, date: "2011-08-15" }).unitPrice).toBe(587998);
  });

  test("a kill older than every market row uses the closest later day", () => {
    expect(pickPrice({ rows: context.pricesOf(DAMAGE_CONTROL_II), date: "2005-01-01" }).unitPrice).toBe(797666);
  });

  test("a custom price wins over market history at any date", () => {
    const rows = [row("2020-01-01", "market_history", 5), row("2003-05-06", "custom", 9)];
    expect(pickPrice({ rows, date: "2019-01-01", type: module })).toEqual({ unitPrice: 9, priceSource: "custom" });
  });

  test("hulls that never trade get their fixed price, e.g. the Revenant at 250 billion", () => {
    expect(pickPrice({ rows: context.pricesOf(3514), date: "2020-01-01", type: context.typeOf(3514) })).toEqual({ unitPrice: 250e9, priceSource: "custom" });
  });

  test("without market history the ESI average, then the build cost, then the SDE base price apply", () => {
    expect(pickPrice({ rows: [row("2025-12-03", "esi_average", 7), row("2020-01-01", "build_cost", 8)], date: "2020-01-01", type: module }).priceSource).toBe("esi_average");
    expect(pickPrice({ rows: [row("2020-01-01", "build_cost", 8)], date: "2020-01-01", type: module })).toEqual({ unitPrice: 8, priceSource: "build_cost" });
    expect(pickPrice({ rows: [], date: "2020-01-01", type: module })).toEqual({ unitPrice: 123, priceSource: "base_price" });
    expect(pickPrice({ rows: [], date: "2020-01-01" })).toEqual({ unitPrice: 0, priceSource: "none" });
  });

  test("SKINs are worth 0.01 and capsules 10,000 whatever the market says", () => {
    const skin = { ...module, categoryId: 91 };
    const capsule = context.typeOf(670)!;
    expect(pickPrice({ rows: [row("2020-01-01", "market_history", 1e6)], date: "2020-01-01", type: skin })).toEqual({ unitPrice: 0.01, priceSource: "convention" });
    expect(pickPrice({ rows: [row("2020-01-01", "market_history", 1e6)], date: "2020-01-01", type: capsule })).toEqual({ unitPrice: 10_000, priceSource: "convention" });
  });
});
