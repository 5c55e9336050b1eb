import { describe, expect, test } from "bun:test";
import { createTestUniverse, readFixtureKillmails } from "../../test/support/universe.ts";
import { deriveKillmail } from "./killmail.models.ts";
import { parseKillmailInput } from "./killmail.schemas.ts";

const context = await createTestUniverse();
const fixtures = await readFixtureKillmails();
const kills = fixtures.map((json) => deriveKillmail({ input: parseKillmailInput({ json, source: "import", firstSeenAt: new Date(0) }), context }));
const kill = (id: number) => kills.find((derived) => derived.killmailId === id)!;
const cents = (value: number) => Math.round(value * 100);

describe("valueKillmail on the 121 real killmails", () => {
  test("dropped + destroyed equals total to the cent, and fitted never exceeds total", () => {
    for (const { values } of kills) {
      expect(cents(values.dropped) + cents(values.destroyed)).toBe(cents(values.total));
      expect(values.fitted).toBeLessThanOrEqual(values.total);
    }
  });

  test("no value or unit price is negative or NaN", () => {
    for (const { values, items } of kills) {
      for (const value of [values.fitted, values.dropped, values.destroyed, values.total, values.hull.unitPrice, ...items.map((item) => item.unitPrice)]) {
        expect(Number.isFinite(value) && value >= 0).toBe(true);
      }
    }
  });

  test("a kill with a ship is worth more than nothing", () => {
    for (const derived of kills.filter((each) => each.victim.shipCategoryId === 6)) expect(derived.values.total).toBeGreaterThan(0);
  });

  test("titans and supercarriers are valued above one billion ISK", () => {
    const capitals = kills.filter((derived) => derived.victim.shipGroupId === 30 || derived.victim.shipGroupId === 659);
    expect(capitals.length).toBeGreaterThanOrEqual(5);
    for (const derived of capitals) expect(derived.values.total).toBeGreaterThan(1e9);
  });

  test("the hull is counted as destroyed and as fitted", () => {
    const capsule = kill(84508915);
    expect(capsule.values).toMatchObject({ hull: { unitPrice: 10_000, priceSource: "fixed" }, fitted: 10_000, destroyed: 10_000, total: 10_000 });
  });

  test("blueprint copies are worth 0.01 ISK each", () => {
    const copies = kills.flatMap((derived) => derived.items).filter((item) => item.singleton === 2);
    expect(copies.length).toBeGreaterThan(0);
    expect(copies.every((item) => item.unitPrice === 0.01 && item.priceSource === "convention")).toBe(true);
  });

  test("items inside containers are priced and count towards the total", () => {
    const derived = kill(82270857);
    const nested = derived.items.filter((item) => item.parentIndex !== null);
    const nestedValue = nested.reduce((sum, item) => sum + item.unitPrice * (item.quantityDropped + item.quantityDestroyed), 0);
    expect(nested.length).toBeGreaterThan(0);
    expect(nestedValue).toBeGreaterThan(0);
    expect(derived.values.total).toBeGreaterThan(nestedValue);
  });

  test("values are compared with the real zkb blocks and the differences printed, not forced", () => {
    const rows = fixtures.filter((line) => line.zkb).map((line) => {
      const { values } = kill(line.killmail_id);
      const ratio = (ours: number, theirs?: number) => (theirs ? (ours / theirs).toFixed(2) : "-");
      return `${line.killmail_id}: total ${values.total} vs ${line.zkb.totalValue} (x${ratio(values.total, line.zkb.totalValue)}), fitted ${values.fitted} vs ${line.zkb.fittedValue} (x${ratio(values.fitted, line.zkb.fittedValue)})`;
    });
    console.log(`value comparison with zKillboard:\n  ${rows.join("\n  ")}`);
    expect(rows).toHaveLength(8);
    expect(kill(119271433).values.total).toBe(10_000);
  });
});
