import { expect, test } from "bun:test";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { ItemRow } from "./killmail.read.repository.ts";
import { buildDna, buildEft, buildEsiFitting, layoutItems, ruleOfLabel } from "./killmail.present.ts";

const NAMES: Record<number, [string, number]> = { 1: ["Light Missile Launcher", 7], 2: ["Nova Light Missile", 8], 3: ["Damage Control", 7],
  4: ["Small Secure Container", 2], 5: ["Tritanium", 4], 6: ["Hobgoblin I", 18] };
const universe = {
  typeName: (id: number) => NAMES[id]?.[0] ?? `Unknown type #${id}`,
  type: (id: number) => (NAMES[id] ? { name: NAMES[id][0], categoryId: NAMES[id][1], groupId: 0, basePrice: null } : undefined),
} as unknown as UniverseNames;

const item = (itemIndex: number, typeId: number, slot: string, extra: Partial<ItemRow> = {}): ItemRow => ({
  itemIndex, parentIndex: null, typeId, flag: 0, slot, singleton: 0, quantityDropped: 0, quantityDestroyed: 1, unitPrice: 10, priceSource: "market_history", ...extra,
});

const items = [item(0, 1, "high"), item(1, 2, "high", { quantityDestroyed: 40 }), item(2, 3, "low", { quantityDropped: 1, quantityDestroyed: 0 }),
  item(3, 4, "cargo"), item(4, 5, "cargo", { parentIndex: 3, quantityDropped: 100, quantityDestroyed: 0 }), item(5, 6, "drone_bay", { quantityDestroyed: 2 })];

test("items are grouped by slot in fitting order, container contents nested under their container", () => {
  const groups = layoutItems({ items, universe });
  expect(groups.map((group) => group.title)).toEqual(["High slots", "Low slots", "Drone bay", "Cargo"]);
  const cargo = groups.find((group) => group.title === "Cargo")!;
  expect(cargo.items.map((line) => [line.name, line.depth, line.state, line.quantity])).toEqual([
    ["Small Secure Container", 0, "destroyed", "1"], ["Tritanium", 1, "dropped", "100"],
  ]);
  expect(cargo.subtotalExact).toBe("1,010.00");
});

test("identical modules are one row with their charges under them, dropped and destroyed apart, and each slot has its subtotal", () => {
  // Seven launchers, each loaded with 40 missiles (flags 27–33); one launcher dropped, its missiles destroyed.
  const fitted = Array.from({ length: 7 }, (_, index) => [
    item(index * 2, 1, "high", { flag: 27 + index, ...(index === 6 ? { quantityDropped: 1, quantityDestroyed: 0 } : {}) }),
    item(index * 2 + 1, 2, "high", { flag: 27 + index, quantityDestroyed: 40 }),
  ]).flat();
  const [high] = layoutItems({ items: fitted, universe });
  expect(high!.items.map((line) => [line.name, line.depth, line.state, line.quantity])).toEqual([
    ["Light Missile Launcher", 0, "destroyed", "6"], ["Nova Light Missile", 1, "destroyed", "240"],
    ["Light Missile Launcher", 0, "dropped", "1"], ["Nova Light Missile", 1, "destroyed", "40"],
  ]);
  expect(high!.subtotalExact).toBe("2,870.00");
  expect(high!.items[1]).toMatchObject({ value: "2.40k", valueExact: "2,400.00 ISK" });
});

test("EFT export: the [ship, name] header, lows, mids, highs with their loaded charge, then drones and cargo with counts", () => {
  expect(buildEft({ shipName: "Kestrel", fitName: "Killmail 1", items, universe })).toBe(
    "[Kestrel, Killmail 1]\n\nDamage Control\n\nLight Missile Launcher, Nova Light Missile\n\nHobgoblin I x2\n\nSmall Secure Container x1",
  );
  expect(buildEft({ shipName: "Kestrel", fitName: "a, b [c]", items: [], universe })).toBe("[Kestrel, a  b  c]");
});

test("ESI fitting: modules at ESI's slot names, drones in their bay, loaded charges and cargo in the cargo hold, container contents left out", () => {
  const fitted = [item(0, 1, "high", { flag: 28 }), item(1, 2, "high", { flag: 28, quantityDestroyed: 40 }), item(2, 3, "low", { flag: 11 }),
    item(3, 4, "cargo", { flag: 5 }), item(4, 5, "cargo", { flag: 5, parentIndex: 3, quantityDropped: 100, quantityDestroyed: 0 }), item(5, 6, "drone_bay", { flag: 87, quantityDestroyed: 2 })];
  expect(buildEsiFitting({ shipTypeId: 9, name: "Killmail 1", items: fitted, universe })).toEqual({
    name: "Killmail 1", description: "", ship_type_id: 9,
    items: [{ flag: "HiSlot1", type_id: 1, quantity: 1 }, { flag: "Cargo", type_id: 2, quantity: 40 }, { flag: "LoSlot0", type_id: 3, quantity: 1 },
      { flag: "Cargo", type_id: 4, quantity: 1 }, { flag: "DroneBay", type_id: 6, quantity: 2 }],
  });
});

test("ship DNA: the hull, every fitted module and drone with its count, then charges, ending in ::", () => {
  expect(buildDna({ shipTypeId: 9, items, universe })).toBe("9:1;1:3;1:6;2:2;40::");
});

test("labels lead to the rule that sets them", () => {
  expect(ruleOfLabel("loc:lowsec")?.id).toBe("location");
  expect(ruleOfLabel("solo")?.id).toBe("solo");
  expect(ruleOfLabel("made-up")).toBeUndefined();
});
