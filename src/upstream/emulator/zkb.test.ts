import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FIRST_SEQUENCE } from "./feed.ts";
import { startTestEmulator, type TestEmulator } from "./emulator.testing.ts";
import { createDefaultZkb } from "./zkb.ts";

let sandbox: TestEmulator;
beforeAll(async () => {
  sandbox = await startTestEmulator({ options: { backlog: 121, r2z2RequestsPerSecond: 1000, zkbFor: (record) => ({ injected: record.killmail_id }) } });
});
afterAll(() => sandbox.stop());

describe("zkb blocks", () => {
  test("real blocks are served as captured and the injected function makes the others", async () => {
    const records = await Promise.all(
      Array.from({ length: 121 }, (_, index) => sandbox.get(`/ephemeral/${FIRST_SEQUENCE + index}.json`).then((r) => r.json())),
    );
    const real = records.filter((record) => record.zkb.injected === undefined);
    expect(real).toHaveLength(8);
    expect(real.every((record) => record.zkb.hash === record.hash)).toBe(true);
    const r2z2Sample = records.find((record) => record.killmail_id === 134398778);
    expect(r2z2Sample.zkb.labels).toEqual(["tz:au", "padding", "cat:6", "#:1", "awox", "loc:highsec"]);
    expect(records.filter((record) => record.zkb.injected === record.killmail_id)).toHaveLength(113);
  });

  test("the default block has the documented keys, zero values and says it is emulated", () => {
    const esi = { killmail_id: 5, killmail_time: "2026-01-01T00:00:00Z", solar_system_id: 30000142, moon_id: 40009082, victim: {}, attackers: [{ corporation_id: 1000125 }] };
    const zkb = createDefaultZkb({ killmail_id: 5, hash: "a".repeat(40), killmail_time: esi.killmail_time, esi, emulated: true });
    expect(zkb).toEqual({
      locationID: 40009082, hash: "a".repeat(40), fittedValue: 0, droppedValue: 0, destroyedValue: 0, totalValue: 0, points: 1,
      npc: true, solo: false, awox: false, labels: ["npc"], attackerCount: 1,
      href: `https://esi.evetech.net/killmails/5/${"a".repeat(40)}/`, emulated: true,
    });
  });
});
