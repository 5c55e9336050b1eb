import { expect, test } from "bun:test";
import { labelText } from "./label.names.ts";

test("label codes read as words, and an unknown code is shown as it is", () => {
  const read = (label: string) => labelText({ label });
  expect(["solo", "#:5+", "#:1000+", "#:1", "loc:nullsec", "isk:10b+", "isk:1t+", "capital", "npc"].map(read))
    .toEqual(["Solo", "Gang 5+", "Gang 1000+", "1 attacker", "Nullsec", "10b+ ISK", "1t+ ISK", "Capital", "NPC"]);
  expect(["cat:6", "cat:65", "cat:999"].map(read)).toEqual(["Ship", "Structure", "Category 999"]);
  expect(read("custom:thing")).toBe("custom:thing");
});
