import { expect, test } from "bun:test";
import { battlePageQuery, encodeBattleCursor, relatedParams, sidesQuery } from "./battles.schemas.ts";

test("parties are comma-separated kind:id pairs, duplicates dropped", () => {
  expect(sidesQuery.parse({ left: "alliance:1, corporation:2,alliance:1" })).toEqual({ left: ["alliance:1", "corporation:2"], right: [] });
});

test("a party of another kind is refused with a message naming the format", () => {
  const result = sidesQuery.safeParse({ right: "character:5" });
  expect(result.success).toBe(false);
  expect(result.error?.issues[0]?.message).toContain("alliance:<id> or corporation:<id>");
});

test("the related hour is YYYYMMDDHH00 and must be a real hour", () => {
  expect(relatedParams.parse({ system: "30000142", time: "202401311800" }).time.toISOString()).toBe("2024-01-31T18:00:00.000Z");
  expect(relatedParams.safeParse({ system: "30000142", time: "202402301800" }).success).toBe(false);
  expect(relatedParams.safeParse({ system: "30000142", time: "202401311830" }).success).toBe(false);
});

test("a list cursor reads back as the battle it was made from, and an empty form field means any", () => {
  const endedAt = new Date("2025-05-01T10:30:00Z");
  const { after } = battlePageQuery.parse({ after: encodeBattleCursor({ endedAt, battleId: 42 }) });
  expect(after).toEqual({ endedAt, battleId: 42 });
  expect(battlePageQuery.parse({ minKills: "", region: "" })).toEqual({});
  expect(battlePageQuery.safeParse({ minKills: "0" }).success).toBe(false);
});
