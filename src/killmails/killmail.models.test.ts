import { describe, expect, test } from "bun:test";
import { createTestUniverse, readFixtureKillmails } from "../../test/support/universe.ts";
import { deriveKillmail } from "./killmail.models.ts";
import { parseKillmailInput } from "./killmail.schemas.ts";

const context = await createTestUniverse();
const fixtures = await readFixtureKillmails();
const firstSeenAt = new Date("2026-11-23T00:00:00Z");
const kills = fixtures.map((json) => deriveKillmail({ input: parseKillmailInput({ json, source: "import", firstSeenAt }), context }));
const kill = (id: number) => kills.find((derived) => derived.killmailId === id)!;

describe("deriveKillmail on the 121 real killmails", () => {
  test("at most one attacker has the final blow, and the final blow matches it", () => {
    for (const derived of kills) {
      const finals = derived.attackers.filter((attacker) => attacker.finalBlow);
      expect(finals.length).toBeLessThanOrEqual(1);
      expect(derived.finalBlow?.characterId ?? null).toBe(finals[0]?.characterId ?? null);
    }
  });

  test("attackers keep their order, and damage shares add up to the damage taken", () => {
    for (const derived of kills.filter((each) => each.victim.damageTaken > 0)) {
      expect(derived.attackers.map((attacker) => attacker.attackerIndex)).toEqual(derived.attackers.map((_, index) => index));
      expect(derived.attackerCount).toBe(derived.attackers.length);
      const damageDone = derived.attackers.reduce((sum, attacker) => sum + attacker.damageDone, 0);
      const shares = derived.attackers.reduce((sum, attacker) => sum + attacker.damageShare, 0);
      expect(shares).toBeCloseTo(damageDone / derived.victim.damageTaken, 6);
    }
  });

  test("location, victim ship group and attacker ship groups come from the context", () => {
    const jitaPod = kill(84508915);
    expect(jitaPod).toMatchObject({ solarSystemId: 30000142, regionId: 10000002, spaceClass: "highsec", warId: 672797 });
    expect(jitaPod.victim).toMatchObject({ shipTypeId: 670, shipGroupId: 29, shipCategoryId: 6 });
    expect(jitaPod.attackers[0]!.shipGroupId).toBe(context.typeOf(29990)!.groupId);
  });

  test("source, first-seen time, ESI body and upstream zkb block are carried through", () => {
    const derived = kill(119455394);
    expect(derived.source).toBe("import");
    expect(derived.firstSeenAt).toEqual(firstSeenAt);
    expect(derived.esi.killmail_id).toBe(119455394);
    expect((derived.upstreamZkb as { points: number }).points).toBe(22);
    expect(kill(84508915).upstreamZkb).toBeNull();
  });

  test("every derived label is one zKillboard defines", () => {
    const known = /^(tz:(au|ru|eu|use|usw)|cat:\d+|solo|#:(1|2\+|5\+|10\+|25\+|50\+|100\+|1000\+)|npc|pvp|awox|padding|loc:(highsec|lowsec|nullsec|w-space|drifter|abyssal|pochven)|isk:(1b|5b|10b|100b|1t)\+|capital)$/;
    for (const derived of kills) for (const label of derived.labels) expect(label).toMatch(known);
  });
});
