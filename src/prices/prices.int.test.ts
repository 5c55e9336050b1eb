/**
 * The price pipeline against real PostgreSQL with the bundled real data loaded (test/support/database.ts runs
 * `prices load`): the resolver checked against an independent statement of zKillboard's market rule, and the
 * 121 real killmails valued through the database path.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { readFixtureKillmails } from "../../test/support/universe.ts";
import { parseKillmailInput } from "../killmails/killmail.schemas.ts";
import { createKillmailProcessor } from "../killmails/killmail.usecases.ts";
import type { DerivedKillmail } from "../killmails/killmail.types.ts";
import { loadUniverseLookup } from "../universe/universe.usecases.ts";
import { createBatchPriceLoader } from "./prices.batch.ts";
import { readBundledHistory } from "./prices.bundle.ts";
import { loadPrices, setPriceOverride } from "./prices.usecases.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let kills: DerivedKillmail[];
beforeAll(async () => {
  db = await createTestDatabase();
  const processor = await createKillmailProcessor({ sql: db.sql });
  const inputs = (await readFixtureKillmails()).map((json) => parseKillmailInput({ json, source: "import", firstSeenAt: new Date(0) }));
  kills = await processor.deriveKillmails({ inputs });
});
afterAll(() => db.drop());

/** zKillboard's market rule restated from the research note, sharing no code with the resolver. */
function marketRule(averagesUpToDay: { day: string; average: number }[], day: string) {
  const last34 = averagesUpToDay.filter((row) => row.day <= day).slice(-34).map((row) => row.average);
  if (last34.length === 0) return null;
  last34.sort((a, b) => a - b);
  let kept = last34;
  if (last34.length === 34) kept = last34.slice(2, 32);
  else if (last34.length > 6) kept = last34.slice(0, last34.length - 2);
  // ESI averages carry 2 decimals: in whole cents the mean rounds half up exactly.
  const cents = kept.reduce((sum, value) => sum + Math.round(value * 100), 0);
  const mean = Math.floor((2 * cents + kept.length) / (2 * kept.length)) / 100;
  const own = averagesUpToDay.find((row) => row.day === day)?.average;
  return own !== undefined && own > 0 && own < mean ? own : mean;
}

describe("the resolver on the bundled real The Forge history", () => {
  test("for every type of forge-history.evegem.csv and every day from 2025-09-20 to 2025-12-14, it equals the rule to the cent", async () => {
    // The bundle's rows with a volume are shared/data/prices/forge-history.evegem.csv (the corpus averages have none).
    const exported = (await readBundledHistory()).filter((row) => row.volume !== null);
    const typeIds = [...new Set(exported.map((row) => row.typeId))];
    expect(typeIds).toHaveLength(278);
    const rows = await db.sql<{ typeId: number; day: string; average: number }[]>`
      select type_id, to_char(day, 'YYYY-MM-DD') as day, average from price_history
      where region_id = 10000002 and type_id = any(${typeIds}::int[]) order by type_id, day`;
    const universe = await loadUniverseLookup({ sql: db.sql });
    const days: string[] = [];
    for (let time = Date.parse("2025-09-20"); time <= Date.parse("2025-12-14"); time += 86_400_000) days.push(new Date(time).toISOString().slice(0, 10));
    // Noon: the price day (kill time − 3601 s) is the kill's own day.
    const killTimes = days.map((day) => new Date(`${day}T12:00:00Z`));
    const resolver = await (await createBatchPriceLoader({ sql: db.sql, typeOf: universe.typeOf })).loadResolver({ typeIds, killTimes });
    const mismatches: string[] = [];
    let compared = 0;
    for (const typeId of typeIds) {
      const history = rows.filter((row) => row.typeId === typeId);
      const skin = universe.typeOf(typeId)?.categoryId === 91;
      for (const day of days) {
        const price = resolver.resolvePrice({ typeId, when: { killDay: day, priceDay: day } });
        const rule = skin ? 0.01 : marketRule(history, day);
        // No history yet on that day: zKillboard goes on to build cost; the resolver must not claim a market price.
        if (rule === null) {
          if (price.priceSource === "market") mismatches.push(`${typeId} ${day}: market price ${price.unitPrice} without history`);
          continue;
        }
        compared++;
        if (Math.round(price.unitPrice * 100) !== Math.round(rule * 100)) mismatches.push(`${typeId} ${day}: resolver ${price.unitPrice} (${price.priceSource}), rule ${rule}`);
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(compared).toBeGreaterThan(278 * 80);
  });
});

describe("the 121 real killmails valued through the database", () => {
  const kill = (id: number) => kills.find((each) => each.killmailId === id)!;

  test("none with a ship is worth 0", () => {
    const ships = kills.filter((each) => each.victim.shipCategoryId === 6);
    expect(ships.length).toBeGreaterThan(100);
    expect(ships.filter((each) => !(each.values.total > 0)).map((each) => each.killmailId)).toEqual([]);
  });

  test("no ammunition or charge is priced from the SDE base price", async () => {
    const universe = await loadUniverseLookup({ sql: db.sql });
    const charges = kills.flatMap((each) => each.items).filter((item) => universe.typeOf(item.typeId)?.categoryId === 8);
    expect(charges.length).toBeGreaterThan(50);
    expect(charges.filter((item) => item.priceSource === "sde_base_price")).toEqual([]);
  });

  test("Hail S on 85056664 costs less than 1,000 ISK a round", () => {
    const hail = kill(85056664).items.filter((item) => item.typeId === 12608);
    expect(hail.length).toBeGreaterThan(0);
    for (const item of hail) expect(item.unitPrice).toBeLessThan(1_000);
  });

  test("the Customs Office is priced as its parts", () => {
    const { hull } = kill(85628444).values;
    expect(hull.priceSource).toBe("calculated");
    if (hull.inputs.rule !== "calculated") throw new Error("expected parts");
    expect(hull.inputs.parts.map((part) => [part.typeId, part.quantity])).toEqual([[3962, 1], [2867, 8], [2871, 8], [2876, 8], [2872, 8]]);
    const sum = hull.inputs.parts.reduce((total, part) => total + part.unitPrice * part.quantity, 0);
    expect(hull.unitPrice).toBeCloseTo(sum, 6);
    expect(hull.unitPrice).toBeGreaterThan(1e6);
  });

  test("a titan and a supercarrier without a fixed price are priced from build cost", () => {
    for (const id of [108794056, 49460219]) {
      const { hull } = kill(id).values;
      expect(hull.priceSource).toBe("build_cost");
      expect(hull.inputs.rule).toBe("build");
      expect(hull.unitPrice).toBeGreaterThan(1e9);
    }
  });

  test("every item stores its unit price, source and inputs", () => {
    for (const item of kills.flatMap((each) => each.items)) {
      expect(Number.isFinite(item.unitPrice)).toBe(true);
      expect(item.priceSource.length).toBeGreaterThan(0);
      expect(item.priceInputs.rule.length).toBeGreaterThan(0);
    }
  });
});

describe("prices load and prices set", () => {
  test("loading the bundle again changes nothing", async () => {
    expect((await loadPrices({ sql: db.sql })).changed).toBe(0);
  });

  test("an operator price is shown as an override, only in its day range", async () => {
    await setPriceOverride({ sql: db.sql, typeId: "12608", price: "123.45", from: "2020-06-01", to: "2020-06-30", note: "test" });
    const processor = await createKillmailProcessor({ sql: db.sql });
    const json = (await readFixtureKillmails()).find((line) => line.killmail_id === 85056664)!;
    const [derived] = await processor.deriveKillmails({ inputs: [parseKillmailInput({ json, source: "import", firstSeenAt: new Date(0) })] });
    const hail = derived!.items.filter((item) => item.typeId === 12608);
    expect(hail.every((item) => item.unitPrice === 123.45 && item.priceSource === "override" && item.priceInputs.rule === "override")).toBe(true);
    const other = kills.find((each) => each.killmailId !== 85056664 && each.items.some((item) => item.typeId === 12608));
    if (other) expect(other.items.find((item) => item.typeId === 12608)!.priceSource).not.toBe("override");
  });

  test("a bad price or day is a clear error", async () => {
    expect(setPriceOverride({ sql: db.sql, typeId: "12608", price: "cheap" })).rejects.toThrow('price must be a number of ISK ≥ 0, got "cheap"');
    expect(setPriceOverride({ sql: db.sql, typeId: "12608", price: "1", from: "2020-02-30" })).rejects.toThrow("--from must be a day YYYY-MM-DD");
    expect(setPriceOverride({ sql: db.sql, typeId: "x", price: "1" })).rejects.toThrow('type must be a type id, got "x"');
  });
});
