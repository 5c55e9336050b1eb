import { describe, expect, test } from "bun:test";
import { CAPITAL_GROUP_IDS, RULES, RULES_THRESHOLDS } from "./rules.ts";

describe("rules", () => {
  test("every rule has a unique id, an explanation and the zKillboard file it comes from", () => {
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
    for (const rule of RULES) {
      expect(rule.title.length).toBeGreaterThan(0);
      expect(rule.explanation.length).toBeGreaterThan(20);
      expect(rule.source).toMatch(/(cron|classes)\/|labels page|information page/);
    }
  });

  test("thresholds are ordered from the largest down, as the label models scan them", () => {
    const counts = RULES_THRESHOLDS.attackerCountLabels.map(([minimum]) => minimum);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const isk = RULES_THRESHOLDS.iskLabels.map(([minimum]) => minimum);
    expect(isk).toEqual([...isk].sort((a, b) => b - a));
  });

  test("the time-zone bands cover each UTC hour exactly once", () => {
    const hours = RULES_THRESHOLDS.timezoneBands.flatMap(([first, last]) => Array.from({ length: last - first + 1 }, (_, index) => first + index));
    expect(hours.sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, hour) => hour));
  });

  test("titans and supercarriers are capital groups", () => {
    expect(CAPITAL_GROUP_IDS.has(30) && CAPITAL_GROUP_IDS.has(659)).toBe(true);
  });
});
