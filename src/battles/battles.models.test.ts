import { expect, test } from "bun:test";
import { coverTimes, EVE_KILL_RULES, findSystemSpans, groupBattles, splitIndependent, type DetectionKill } from "./battles.models.ts";

const MINUTE = 60_000;
const rules = EVE_KILL_RULES;
const segment = (minute: number) => Math.floor(minute / 5);

test("active segments closer than six quiet ones are one span, six quiet segments start another", () => {
  const segments = [0, 1, 7, 14].map((s) => ({ solarSystemId: 1, segment: s }));
  expect(findSystemSpans({ segments, rules })).toEqual([
    { solarSystemId: 1, startMs: 0, endMs: 8 * 5 * MINUTE },
    { solarSystemId: 1, startMs: 14 * 5 * MINUTE, endMs: 15 * 5 * MINUTE },
  ]);
});

test("spans separated by more than the quiet window fall into independent groups", () => {
  const spans = [{ solarSystemId: 1, startMs: 0, endMs: 10 * MINUTE }, { solarSystemId: 2, startMs: 20 * MINUTE, endMs: 30 * MINUTE },
    { solarSystemId: 3, startMs: 61 * MINUTE, endMs: 70 * MINUTE }];
  expect(splitIndependent({ spans, rules }).map((group) => group.map((span) => span.solarSystemId))).toEqual([[1, 2], [3]]);
});

function fight({ from, system, minutes, victim, attacker, firstId }: { from: number; system: number; minutes: number; victim: string; attacker: string; firstId: number }) {
  return Array.from({ length: minutes }, (_, i): DetectionKill => ({
    killmailId: firstId + i, timeMs: (from + i) * MINUTE, solarSystemId: system, victimParty: i % 2 ? victim : attacker, attackerParties: [i % 2 ? attacker : victim],
  }));
}

test("fights of the same parties in neighbouring systems are one battle, other parties next door are another", () => {
  const kills = [
    ...fight({ from: 0, system: 1, minutes: 30, victim: "alliance:1", attacker: "alliance:2", firstId: 100 }),
    ...fight({ from: 20, system: 2, minutes: 30, victim: "alliance:1", attacker: "alliance:2", firstId: 200 }),
    ...fight({ from: 0, system: 3, minutes: 30, victim: "alliance:8", attacker: "alliance:9", firstId: 300 }),
  ];
  // One kill a minute: two segments' worth of kills make each segment active at a threshold of 5 per 5 minutes.
  const segments = [...new Map(kills.map((k) => [`${k.solarSystemId}:${segment(k.timeMs / MINUTE)}`, { solarSystemId: k.solarSystemId, segment: segment(k.timeMs / MINUTE) }])).values()];
  const spans = findSystemSpans({ segments, rules });
  const links = new Map([[1, [2, 3]], [2, [1]], [3, [1]]]);
  const battles = groupBattles({ spans, kills, links, rules });
  expect(battles.map((b) => ({ systems: b.solarSystemIds, kills: b.killmailIds.length }))).toEqual([{ systems: [1, 2], kills: 60 }, { systems: [3], kills: 30 }]);
});

test("a kill that two battles cover is counted once, in the earlier battle", () => {
  const kills = fight({ from: 0, system: 1, minutes: 10, victim: "alliance:1", attacker: "alliance:2", firstId: 1 });
  const spans = [{ solarSystemId: 1, startMs: 0, endMs: 10 * MINUTE }, { solarSystemId: 1, startMs: 5 * MINUTE, endMs: 10 * MINUTE }];
  const battles = groupBattles({ spans, kills, links: new Map(), rules });
  expect(battles.flatMap((b) => b.killmailIds).sort((a, b) => a - b)).toEqual(kills.map((k) => k.killmailId));
});

test("times to recompute are each padded and overlapping ranges merged", () => {
  expect(coverTimes({ times: [100, 0, 1000], padMs: 60 })).toEqual([{ fromMs: -60, toMs: 160 }, { fromMs: 940, toMs: 1060 }]);
});
