import { expect, test } from "bun:test";
import { historyRefreshDayOf, historySourceOf } from "./fetch.models.ts";

test("a fetch before 11:05 UTC belongs to the previous day's history refresh, one from 11:05 on to today's", () => {
  expect(historyRefreshDayOf({ now: new Date("2026-03-02T11:04:59Z") })).toBe("2026-03-01");
  expect(historyRefreshDayOf({ now: new Date("2026-03-02T11:05:00Z") })).toBe("2026-03-02");
  expect(historyRefreshDayOf({ now: new Date("2026-03-01T00:10:00Z") })).toBe("2026-02-28");
});

test("anything the emulator marks, generated or derived, is stored as emulated", () => {
  expect(historySourceOf({ emulated: "generated", real: "esi" })).toBe("emulated");
  expect(historySourceOf({ emulated: "derived", real: "esi" })).toBe("emulated");
  expect(historySourceOf({ emulated: null, real: "everef" })).toBe("everef");
});
