import { expect, test } from "bun:test";
import { computeEfficiency, createBoardMatcher, formatBoardEntities, type BoardKillmail } from "./board.models.ts";

const killmail: BoardKillmail = {
  victim: { character_id: 90000001, corporation_id: 98000001, alliance_id: 99000001 },
  attackers: [
    { character_id: 90000002, corporation_id: 98000002, alliance_id: 99000002 },
    { corporation_id: 1000125 }, // an NPC: no character, no alliance
  ],
};

test("a killmail is on the board when an entity is the victim, by character, corporation or alliance", () => {
  expect(createBoardMatcher({ entities: [{ kind: "character", id: 90000001 }] })(killmail)).toBe(true);
  expect(createBoardMatcher({ entities: [{ kind: "corporation", id: 98000001 }] })(killmail)).toBe(true);
  expect(createBoardMatcher({ entities: [{ kind: "alliance", id: 99000001 }] })(killmail)).toBe(true);
});

test("a killmail is on the board when any attacker belongs to an entity, NPCs included", () => {
  expect(createBoardMatcher({ entities: [{ kind: "alliance", id: 99000002 }] })(killmail)).toBe(true);
  expect(createBoardMatcher({ entities: [{ kind: "corporation", id: 1000125 }] })(killmail)).toBe(true);
});

test("an id matches only under its own kind: a corporation's number named as an alliance is not on the board", () => {
  const matches = createBoardMatcher({ entities: [{ kind: "alliance", id: 98000001 }, { kind: "character", id: 99000002 }] });
  expect(matches(killmail)).toBe(false);
});

test("a killmail without any of the entities is not on the board", () => {
  const matches = createBoardMatcher({ entities: [{ kind: "corporation", id: 98000003 }, { kind: "character", id: 90000003 }] });
  expect(matches(killmail)).toBe(false);
  expect(matches({ victim: {}, attackers: [] })).toBe(false);
});

test("the entities print back in BOARD_ENTITIES' syntax", () => {
  expect(formatBoardEntities([{ kind: "alliance", id: 99000001 }, { kind: "character", id: 90000001 }])).toBe("alliance:99000001,character:90000001");
});

test("efficiency is the share of ISK destroyed in ISK destroyed and lost, and unknown with neither", () => {
  expect(computeEfficiency({ iskDestroyed: 3e9, iskLost: 1e9 })).toBe(0.75);
  expect(computeEfficiency({ iskDestroyed: 0, iskLost: 5e6 })).toBe(0);
  expect(computeEfficiency({ iskDestroyed: 0, iskLost: 0 })).toBeNull();
});
