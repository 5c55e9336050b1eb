import { expect, test } from "bun:test";
import { filterForTab, isLossOf } from "./entity.models.ts";

test("a character's kills tab filters on the attacker side, losses on the victim side", () => {
  expect(filterForTab({ kind: "character", id: 7, tab: "kills" }).entity).toEqual({ kind: "character", id: 7, role: "attacker" });
  expect(filterForTab({ kind: "character", id: 7, tab: "losses" }).entity?.role).toBe("victim");
  expect(filterForTab({ kind: "corporation", id: 7, tab: "solo" })).toMatchObject({ labels: ["solo"] });
});

test("location pages list every killmail there", () => {
  expect(filterForTab({ kind: "region", id: 10000002, tab: "all" })).toEqual({ regionId: 10000002, labels: undefined });
});

test("a row is a loss when the entity is the victim", () => {
  const lossOf = isLossOf({ kind: "ship", id: 587 })!;
  expect(lossOf({ victimShipTypeId: 587 } as never)).toBe(true);
  expect(isLossOf({ kind: "system", id: 1 })).toBeUndefined();
});
