import { describe, expect, test } from "bun:test";
import { createTestUniverse, readFixtureKillmails } from "../../test/support/universe.ts";
import { deriveKillmail } from "./killmail.models.ts";
import { parseKillmailInput } from "./killmail.schemas.ts";

const context = await createTestUniverse();
const fixtures = await readFixtureKillmails();
const derive = (id: number) => deriveKillmail({
  input: parseKillmailInput({ json: fixtures.find((line) => line.killmail_id === id)!, source: "import", firstSeenAt: new Date(0) }),
  context,
});

describe("deriveInvolvement", () => {
  test("a solo kill lists the victim's and the attacker's entities, the attacker's as final blow", () => {
    const kill = derive(84508915);
    const attacker = kill.involvement.filter((entry) => !entry.isVictim);
    expect(attacker.map((entry) => entry.entityKind).sort()).toEqual(["alliance", "character", "corporation", "group", "ship"]);
    expect(attacker.every((entry) => entry.isFinalBlow)).toBe(true);
    expect(kill.involvement.filter((entry) => entry.isVictim).every((entry) => !entry.isFinalBlow)).toBe(true);
    expect(kill.involvement).toContainEqual({ entityKind: "character", entityId: 95768281, isVictim: true, isFinalBlow: false });
  });

  test("an entity shared by many attackers appears once per side, final blow if any of them had it", () => {
    for (const line of fixtures) {
      const kill = derive(line.killmail_id);
      const keys = kill.involvement.map((entry) => `${entry.entityKind}:${entry.entityId}:${entry.isVictim}`);
      expect(new Set(keys).size).toBe(keys.length);
      const final = line.esi.attackers.find((attacker: any) => attacker.final_blow);
      if (final?.corporation_id) {
        expect(kill.involvement).toContainEqual({ entityKind: "corporation", entityId: final.corporation_id, isVictim: false, isFinalBlow: true });
      }
    }
  });
});
