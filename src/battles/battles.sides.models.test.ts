import { expect, test } from "bun:test";
import { createSideOf, inferSides, moveParties, placeBystanders, type SideKill } from "./battles.sides.models.ts";

const shot = (attackers: string[], victim: string): SideKill => ({ victimParty: victim, attackerParties: attackers });

test("parties who fly together and never shoot each other form one coalition against the parties they shoot", () => {
  const kills = [
    shot(["alliance:1", "alliance:2"], "alliance:3"), shot(["alliance:1", "alliance:2"], "alliance:4"),
    shot(["alliance:3", "alliance:4"], "alliance:1"), shot(["alliance:3"], "alliance:2"), shot(["alliance:1"], "alliance:3"),
  ];
  const sides = inferSides({ kills });
  expect(sides.left.includes("alliance:1") ? sides : { left: sides.right, right: sides.left }).toEqual({ left: ["alliance:1", "alliance:2"], right: ["alliance:3", "alliance:4"] });
});

test("two parties who shot each other are never joined even when they also shared kills", () => {
  const kills = [shot(["alliance:1", "alliance:2"], "alliance:3"), shot(["alliance:1"], "alliance:2"), shot(["alliance:2"], "alliance:1")];
  const sides = inferSides({ kills });
  const sideOf = (party: string) => (sides.left.includes(party) ? "left" : "right");
  expect(sideOf("alliance:1")).not.toBe(sideOf("alliance:2"));
});

test("a third coalition joins the side opposite the one it fought most", () => {
  const kills = [shot(["alliance:1"], "alliance:2"), shot(["alliance:2"], "alliance:1"), shot(["alliance:1"], "alliance:2"),
    shot(["alliance:5"], "alliance:2"), shot(["alliance:5"], "alliance:2")];
  const sides = inferSides({ kills });
  const sideOf = (party: string) => (sides.left.includes(party) ? "left" : "right");
  expect(sideOf("alliance:5")).toBe(sideOf("alliance:1"));
});

test("a party moved to the left leaves the right, and a corporation named on a side wins over its alliance", () => {
  const moved = moveParties({ sides: { left: ["alliance:1"], right: ["alliance:2", "corporation:7"] }, left: ["corporation:7", "corporation:9"], right: [] });
  expect(moved).toEqual({ left: ["alliance:1", "corporation:7", "corporation:9"], right: ["alliance:2"] });
  const sideOf = createSideOf({ sides: moved });
  expect(sideOf({ corporationId: 9, allianceId: 2 })).toBe("left");
  expect(sideOf({ corporationId: 8, allianceId: 2 })).toBe("right");
  expect(sideOf({ corporationId: 8, allianceId: 1 })).toBe("left");
});

test("a party seen only under the damage floor joins the side opposite the victims it shot", () => {
  const kills = [shot(["alliance:1", "corporation:50"], "alliance:2"), shot(["alliance:2"], "alliance:1")];
  expect(placeBystanders({ sides: { left: ["alliance:2"], right: ["alliance:1"] }, kills })).toEqual({ left: ["alliance:2"], right: ["alliance:1", "corporation:50"] });
  expect(placeBystanders({ sides: { left: ["alliance:1"], right: ["alliance:2"] }, kills })).toEqual({ left: ["alliance:1", "corporation:50"], right: ["alliance:2"] });
});
