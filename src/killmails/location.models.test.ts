import { describe, expect, test } from "bun:test";
import { createTestUniverse, readFixtureKillmails } from "../../test/support/universe.ts";
import { classifySpace, deriveLocation } from "./location.models.ts";
import { deriveKillmail } from "./killmail.models.ts";
import { parseKillmailInput } from "./killmail.schemas.ts";

const context = await createTestUniverse();
const fixtures = await readFixtureKillmails();
const classOfKill = (id: number) => classifySpace({ system: context.systemOf(fixtures.find((line) => line.killmail_id === id)!.esi.solar_system_id) });

describe("classifySpace", () => {
  test("Jita is highsec, Ahbazon lowsec and 1DQ1-A nullsec", () => {
    expect(classOfKill(84508915)).toBe("highsec");
    expect(classOfKill(96488551)).toBe("lowsec");
    expect(classOfKill(67422512)).toBe("nullsec");
  });

  test("J-space, abyssal pockets and Pochven are told apart by region", () => {
    expect(classOfKill(62409049)).toBe("w-space");
    expect(classOfKill(128831032)).toBe("abyssal");
    expect(classOfKill(51461593)).toBe("pochven");
  });

  test("Drifter space is region 11000033, inside the wormhole range", () => {
    const system = { solarSystemId: 31000001, constellationId: 21000001, regionId: 11000033, security: -0.99 };
    expect(classifySpace({ system })).toBe("drifter");
  });

  test("raw security decides the band: 0.45 is highsec, 0.03 lowsec, 0 nullsec", () => {
    const at = (security: number) => classifySpace({ system: { solarSystemId: 1, constellationId: 1, regionId: 10000002, security } });
    expect([at(0.45), at(0.4499), at(0.03), at(0), at(-0.5)]).toEqual(["highsec", "lowsec", "lowsec", "nullsec", "nullsec"]);
  });

  test("an unknown system is unknown", () => {
    expect(classifySpace({ system: undefined })).toBe("unknown");
  });
});

describe("deriveLocation", () => {
  const { celestialsOf } = context;

  test("locationId equals zKillboard's locationID on all 8 real zkb blocks", () => {
    const rows = fixtures.filter((line) => line.zkb).map((line) => {
      const { esi } = line;
      const { locationId } = deriveLocation({
        solarSystemId: esi.solar_system_id, system: context.systemOf(esi.solar_system_id),
        position: esi.victim.position, celestials: celestialsOf(esi.solar_system_id),
      });
      return { id: line.killmail_id, ours: locationId, theirs: line.zkb.locationID };
    });
    console.log(`locationID vs zKillboard: ${rows.filter((row) => row.ours === row.theirs).length}/${rows.length} exact`);
    expect(rows.length).toBe(8);
    expect(rows.filter((row) => row.ours !== row.theirs)).toEqual([]);
  });

  test("the derived killmail carries the celestial, and none without a victim position", () => {
    const line = fixtures.find((fixture) => fixture.killmail_id === 119455394)!;
    const input = parseKillmailInput({ json: line, source: "import", firstSeenAt: new Date(0) });
    expect(deriveKillmail({ input, context }).locationId).toBe(40307608);
    const { position: _, ...victim } = input.esi.victim;
    expect(deriveKillmail({ input: { ...input, esi: { ...input.esi, victim } }, context }).locationId).toBeNull();
  });

  test("an abyssal pocket has no celestials in the bundle, so its kill has no location despite a position", () => {
    const line = fixtures.find((fixture) => fixture.killmail_id === 128831032)!;
    const input = parseKillmailInput({ json: line, source: "import", firstSeenAt: new Date(0) });
    expect(input.esi.victim.position).toBeDefined();
    expect(celestialsOf(input.esi.solar_system_id)).toEqual([]);
    expect(deriveKillmail({ input, context }).locationId).toBeNull();
  });

  test("the bundled celestials name the nearest one as zKillboard shows it", () => {
    const names = celestialsOf(30002596).filter((celestial) => [40165483, 40165484].includes(celestial.celestialId)).map((c) => `${c.kind} ${c.name}`);
    expect(names).toEqual(["star HOHF-B - Star", "planet HOHF-B I"]);
    expect(celestialsOf(30000142).find((celestial) => celestial.celestialId === 40009087)?.name).toBe("Jita IV - Moon 4");
  });
});
