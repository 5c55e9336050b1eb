import { describe, expect, test } from "bun:test";
import { createTestUniverse, readFixtureKillmails } from "../../test/support/universe.ts";
import { classifySpace } from "./location.models.ts";

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
