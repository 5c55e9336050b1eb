import { expect, test } from "bun:test";
import { computeRatios, toZkbActivity, toZkbMonths } from "./stats.models.ts";

test("ratios are whole percentages and zero without activity", () => {
  const summary = { shipsDestroyed: 4, soloKills: 1, pointsDestroyed: 30, pointsLost: 10, iskDestroyed: 0, avgGangSize: 0, shipsLost: 1, iskLost: 0, soloLosses: 0 };
  expect(computeRatios({ summary })).toEqual({ dangerRatio: 75, soloRatio: 25, gangRatio: 75 });
  expect(computeRatios({ summary: { ...summary, shipsDestroyed: 0, pointsDestroyed: 0, pointsLost: 0 } }).dangerRatio).toBe(0);
});

test("zKillboard's months are keyed YYYYMM with kills, losses and ISK both ways", () => {
  const months = toZkbMonths({ monthly: [{ month: "2024-03", kills: 2, losses: 1, iskDestroyed: 5e6, iskLost: 1e6 }, { month: "2009-11", kills: 1, losses: 0, iskDestroyed: 10, iskLost: 0 }] });
  expect(months).toEqual({
    "202403": { year: 2024, month: 3, shipsDestroyed: 2, shipsLost: 1, iskDestroyed: 5e6, iskLost: 1e6 },
    "200911": { year: 2009, month: 11, shipsDestroyed: 1, shipsLost: 0, iskDestroyed: 10, iskLost: 0 },
  });
});

test("activity groups kills by weekday, then hour", () => {
  expect(toZkbActivity({ cells: [{ dow: 0, hour: 5, kills: 3 }, { dow: 0, hour: 6, kills: 1 }, { dow: 4, hour: 23, kills: 2 }] }))
    .toEqual({ "0": { "5": 3, "6": 1 }, "4": { "23": 2 } });
});
