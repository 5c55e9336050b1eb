import { expect, test } from "bun:test";
import { countPerMinute, summarizeReport, toSideKills, type ReportKill } from "./battles.report.models.ts";

const kill = (killmailId: number, allianceId: number, value: number, minute: number): ReportKill => ({
  killmailId, killmailTime: new Date(Date.UTC(2025, 0, 1, 12, minute)), victimCharacterId: 100 + killmailId, victimCorporationId: allianceId * 10,
  victimAllianceId: allianceId, victimShipTypeId: 587, totalValue: value,
});
const kills = [kill(1, 1, 300, 0), kill(2, 2, 100, 0), kill(3, 2, 100, 2)];
const attackers = [
  { killmailId: 1, characterId: 900, corporationId: 20, allianceId: 2, shipTypeId: 24690, damageShare: 0.9 },
  { killmailId: 1, characterId: 901, corporationId: 77, allianceId: null, shipTypeId: 670, damageShare: 0.01 },
  { killmailId: 2, characterId: 800, corporationId: 10, allianceId: 1, shipTypeId: 24690, damageShare: 1 },
];

test("each side's ISK and ships lost come from its victims, and efficiency is the share of all ISK lost it destroyed", () => {
  const { left, right } = summarizeReport({ kills, attackers, items: [], sides: { left: ["alliance:1"], right: ["alliance:2"] } });
  expect([left.iskLost, left.shipsLost, right.iskLost, right.shipsLost]).toEqual([300, 1, 200, 2]);
  expect(left.efficiency).toBeCloseTo(200 / 500);
  expect(right.efficiency).toBeCloseTo(300 / 500);
  // Left: its victim and its attacker 800 in a Hurricane; right: two victims, attacker 900, and the unplaced 2% pilot.
  expect([left.pilots, right.pilots]).toEqual([2, 4]);
  expect(left.ships).toEqual([{ typeId: 587, pilots: 1 }, { typeId: 24690, pilots: 1 }]);
});

test("attackers under the damage floor do not count as having shot the victim", () => {
  expect(toSideKills({ kills: kills.slice(0, 1), attackers, minDamageShare: 0.05 })).toEqual([{ victimParty: "alliance:1", attackerParties: ["alliance:2"] }]);
});

test("the timeline has one bin per minute from the first kill to the last, by the victim's side", () => {
  const { killSide } = summarizeReport({ kills, attackers, items: [], sides: { left: ["alliance:1"], right: ["alliance:2"] } });
  expect(countPerMinute({ kills, killSide }).map((bin) => [bin.left, bin.right])).toEqual([[1, 1], [0, 0], [0, 1]]);
});
