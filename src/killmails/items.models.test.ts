import { describe, expect, test } from "bun:test";
import { readFixtureKillmails } from "../../test/support/universe.ts";
import { flattenItems, slotOfFlag } from "./items.models.ts";

const fixtures = await readFixtureKillmails();
const esiOf = (id: number) => fixtures.find((line) => line.killmail_id === id)!.esi;
const countItems = (items: any[] = []): number => items.reduce((sum, item) => sum + 1 + countItems(item.items), 0);

describe("slotOfFlag", () => {
  test("fitting flags map to zKillboard's slot groups", () => {
    expect([11, 18, 19, 26, 27, 34].map((flag) => slotOfFlag({ flag }))).toEqual(["low", "low", "mid", "mid", "high", "high"]);
    expect([92, 125, 164, 159, 158, 87].map((flag) => slotOfFlag({ flag }))).toEqual(
      ["rig", "subsystem", "service", "fighter_tube", "fighter_bay", "drone_bay"],
    );
  });

  test("holds and bays map to their own slots and unknown flags to other", () => {
    expect([5, 89, 88, 90, 155, 133, 172, 0, 4].map((flag) => slotOfFlag({ flag }))).toEqual(
      ["cargo", "implant", "booster", "ship_hangar", "fleet_hangar", "specialized_hold", "structure_fuel", "other", "other"],
    );
  });
});

describe("flattenItems", () => {
  test("nested container contents follow their container, pointing back at it", () => {
    const { items } = flattenItems({ items: esiOf(82270857).victim.items });
    const container = items.find((item) => item.typeId === 3467)!;
    const next = items[container.itemIndex + 1]!;
    expect(next.parentIndex).toBe(container.itemIndex);
    expect(next.depth).toBe(1);
    expect(items.filter((item) => item.parentIndex === container.itemIndex).every((item) => item.itemIndex > container.itemIndex)).toBe(true);
  });

  test("every item of every fixture killmail is kept once, indexed in order", () => {
    for (const line of fixtures) {
      const { items } = flattenItems({ items: line.esi.victim.items });
      expect(items).toHaveLength(countItems(line.esi.victim.items));
      expect(items.every((item, index) => item.itemIndex === index)).toBe(true);
      expect(items.every((item) => item.parentIndex === null || item.parentIndex < item.itemIndex)).toBe(true);
    }
  });

  test("a killmail without items flattens to none", () => {
    expect(flattenItems({ items: undefined }).items).toEqual([]);
  });
});
