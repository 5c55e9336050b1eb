import { describe, expect, test } from "bun:test";
import { createTestUniverse, readFixtureKillmails } from "../../test/support/universe.ts";
import { computePoints, dangerFactor, rigSizeOf } from "./points.models.ts";

const context = await createTestUniverse();
const fixtures = await readFixtureKillmails();
const esiOf = (id: number) => fixtures.find((line) => line.killmail_id === id)!.esi;
const pointsOf = (id: number, npc = false) => computePoints({ esi: esiOf(id), typeOf: context.typeOf, npc }).points;

describe("computePoints", () => {
  test("every fixture kill scores a whole number of at least one point", () => {
    for (const line of fixtures) {
      const points = computePoints({ esi: line.esi, typeOf: context.typeOf, npc: false }).points;
      expect(Number.isInteger(points) && points >= 1).toBe(true);
    }
  });

  test("NPC kills and kills with a structure among the attackers score one point", () => {
    expect(pointsOf(119455394, true)).toBe(1);
    // An Ark killed by 28 attackers, one of them an Upwell structure.
    expect(pointsOf(94371456)).toBe(1);
  });

  test("the hull's rig size sets the base: strategic cruisers count as medium, unknown hulls as small", () => {
    expect(rigSizeOf({ type: context.typeOf(19724) })).toBe(4);
    expect(rigSizeOf({ type: context.typeOf(29986) })).toBe(2);
    expect(rigSizeOf({ type: undefined })).toBe(1);
  });

  test("overheatable and drone damage modules add danger by meta level, mining lasers subtract", () => {
    // Purifier: two 1-meta heatable mid modules and three meta-9 heatable launchers (1 + floor(9 / 2) each).
    expect(dangerFactor({ esi: esiOf(119455394), typeOf: context.typeOf }).danger).toBe(17);
  });

  test("every attacker counts towards the gang size, NPCs included", () => {
    // A Myrmidon killed by a Gila, a Sabre and an NPC: (25 + 16) / (3 × 1.5) × 1.2 = 10.9, not 41 / 2 × 1.2 = 24.6.
    expect(pointsOf(111519365)).toBe(10);
    const esi = esiOf(111519365);
    const players = esi.attackers.filter((attacker: { character_id?: number }) => attacker.character_id);
    expect(computePoints({ esi: { ...esi, attackers: players }, typeOf: context.typeOf, npc: false }).points).toBe(24);
  });

  test("a Naglfar counts as rig size 1, as in zKillboard's type records", () => {
    expect(rigSizeOf({ type: context.typeOf(19722) })).toBe(1);
    // A Purifier (5 + 17 danger) solo-killed by it: size modifier 5 / 5 = 1, so 22 points and not half.
    expect(pointsOf(119455394)).toBe(22);
  });

  test("agreement with the real zkb points is measured and printed", () => {
    const rows = fixtures.filter((line) => line.zkb).map((line) => {
      const ours = computePoints({ esi: line.esi, typeOf: context.typeOf, npc: line.zkb.npc }).points;
      return { id: line.killmail_id, ours, theirs: line.zkb.points as number };
    });
    const exact = rows.filter((row) => row.ours === row.theirs).length;
    const meanAbsolute = rows.reduce((sum, row) => sum + Math.abs(row.ours - row.theirs), 0) / rows.length;
    console.log(`points vs zKillboard: ${exact}/${rows.length} exact, mean |diff| ${meanAbsolute.toFixed(2)}; ${rows.map((row) => `${row.id} ${row.ours}/${row.theirs}`).join(", ")}`);
    expect(rows.length).toBe(8);
    expect(rows.filter((row) => row.ours !== row.theirs)).toEqual([]);
  });
});
