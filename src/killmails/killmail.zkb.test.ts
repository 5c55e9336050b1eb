import { describe, expect, test } from "bun:test";
import { createTestUniverse, readFixtureKillmails } from "../../test/support/universe.ts";
import { deriveKillmail } from "./killmail.models.ts";
import { parseKillmailInput } from "./killmail.schemas.ts";
import { toZkb } from "./killmail.zkb.ts";

const context = await createTestUniverse();
const fixtures = await readFixtureKillmails();
const derive = (id: number) => deriveKillmail({
  input: parseKillmailInput({ json: fixtures.find((line) => line.killmail_id === id)!, source: "import", firstSeenAt: new Date(0) }),
  context,
});

describe("toZkb", () => {
  test("the block has zKillboard's keys, values and ESI href", () => {
    const derived = derive(134398778);
    const zkb = toZkb(derived);
    expect(Object.keys(zkb)).toEqual(Object.keys(fixtures.find((line) => line.killmail_id === 134398778)!.zkb));
    expect(zkb).toMatchObject({
      hash: "6b9681d6860f9ac9df634659231448017c977edb", totalValue: derived.values.total, awox: true, attackerCount: 1,
      href: "https://esi.evetech.net/killmails/134398778/6b9681d6860f9ac9df634659231448017c977edb/",
    });
  });

  test("locationID appears first, and only when the location is known", () => {
    const derived = derive(119455394);
    expect(Object.keys(toZkb(derived))[0]).toBe("locationID");
    expect(toZkb(derived).locationID).toBe(40307608);
    expect("locationID" in toZkb({ ...derived, locationId: null })).toBe(false);
  });
});
