import { expect, test } from "bun:test";
import type { ItemRow } from "./killmail.read.repository.ts";
import { renderFittingWheel } from "./killmail.wheel.ts";

const NAMES: Record<number, [string, number]> = { 1: ["Cruise Missile Launcher II", 7], 2: ["Scourge Cruise Missile", 8], 3: ["<script>x</script> Booster", 7], 4: ["Rig", 7], 9: ["Typhoon", 6] };
const types = { typeName: (id: number) => NAMES[id]?.[0] ?? `#${id}`, categoryOf: (id: number) => NAMES[id]?.[1] ?? null };
const item = (itemIndex: number, typeId: number, flag: number, extra: Partial<ItemRow> = {}): ItemRow => ({
  itemIndex, parentIndex: null, typeId, flag, slot: "high", singleton: 0, quantityDropped: 0, quantityDestroyed: 1, unitPrice: 1, priceSource: "market", ...extra,
});

test("the wheel puts the hull in the middle, each module at its flag's slot with its charge outside it, marked destroyed or dropped", () => {
  const svg = renderFittingWheel({
    shipTypeId: 9, types,
    items: [item(0, 1, 27), item(1, 2, 27, { quantityDestroyed: 40 }), item(2, 1, 28, { quantityDropped: 1, quantityDestroyed: 0 }), item(3, 3, 19), item(4, 4, 92),
      item(5, 2, 5, { slot: "cargo" }), item(6, 1, 30, { parentIndex: 5 })],
  });
  expect(svg).toStartWith('<svg class="wheel"');
  expect(svg).toContain('href="/img/types/9/render?size=128"');
  // Two launchers, one booster, one rig: four slots; the cargo missiles and a module inside a container are not fitted.
  expect(svg.match(/<circle [^>]*stroke-width="2"\/>/g)).toHaveLength(4);
  expect(svg.match(/href="\/item\/2\/"/g)).toHaveLength(1);
  expect(svg).toContain("<title>Cruise Missile Launcher II (destroyed)</title>");
  expect(svg).toContain("<title>Cruise Missile Launcher II (dropped)</title>");
  expect(svg).toContain('stroke="#7ddc8a"');
  expect(svg).not.toContain("<script>");
  expect(svg).toContain("&#60;script&#62;");
  // Highs are on top: the first high slot is above the centre, the mid slot right of it, the rig left.
  const centre = (name: string) => {
    const at = svg.indexOf(`<title>${name}`);
    const circle = /cx="([\d.]+)" cy="([\d.]+)"/.exec(svg.slice(at))!;
    return { x: Number(circle[1]), y: Number(circle[2]) };
  };
  expect(centre("Cruise Missile Launcher II (destroyed)").y).toBeLessThan(80);
  expect(centre("&#60;script").x).toBeGreaterThan(280);
  expect(centre("Rig").x).toBeLessThan(60);
});

test("a hull with nothing in a slot the wheel draws has no wheel", () => {
  expect(renderFittingWheel({ shipTypeId: 9, types, items: [] })).toBe("");
  expect(renderFittingWheel({ shipTypeId: 9, types, items: [item(0, 1, 0, { slot: "other" })] })).toBe("");
  expect(renderFittingWheel({ shipTypeId: 9, types, items: [item(0, 1, 27)] })).toContain('aria-label="Fitting of the Typhoon"');
});
