import { describe, expect, test } from "bun:test";
import { createSyntheticKillmails, poolAffiliation, syntheticHash, type SyntheticEsi } from "./killmail.synthetic.ts";

const base: { killmail_id: number; esi: SyntheticEsi }[] = [
  {
    killmail_id: 100,
    esi: {
      killmail_id: 100,
      killmail_time: "2020-01-01T00:00:00Z",
      solar_system_id: 30000142,
      victim: { character_id: 95000001, corporation_id: 98000001, ship_type_id: 670, damage_taken: 10, items: [] },
      attackers: [
        { character_id: 95000002, corporation_id: 98000002, alliance_id: 99000002, damage_done: 10, final_blow: true, security_status: 0 },
        { corporation_id: 1000125, ship_type_id: 3740, damage_done: 0, final_blow: false, security_status: 0 },
      ],
    },
  },
  {
    killmail_id: 200,
    esi: {
      killmail_id: 200,
      killmail_time: "2021-01-01T00:00:00Z",
      solar_system_id: 30002187,
      victim: { corporation_id: 98000003, ship_type_id: 35832, damage_taken: 99 },
      attackers: [{ character_id: 95000004, corporation_id: 98000004, damage_done: 99, final_blow: true, security_status: 1 }],
    },
  },
];
const make = (seed = 7) => createSyntheticKillmails({ base, count: 1000, seed, startDate: "2026-11-01", endDate: "2026-11-07" });

describe("createSyntheticKillmails", () => {
  test("the same inputs give byte-identical records", () => {
    expect(JSON.stringify(make().killmailAt(123))).toBe(JSON.stringify(make().killmailAt(123)));
    expect(make(8).killmailAt(123).hash).not.toBe(make().killmailAt(123).hash);
  });

  test("ids ascend above the base ids and hashes are 40 hex characters tied to the id", () => {
    const records = [...make()];
    expect(records[0]!.killmail_id).toBe(201);
    expect(records.every((row, index) => row.killmail_id === 201 + index && row.esi.killmail_id === row.killmail_id)).toBe(true);
    expect(records.every((row) => /^[0-9a-f]{40}$/.test(row.hash))).toBe(true);
    expect(records[5]!.hash).toBe(syntheticHash({ seed: 7, killmailId: 206 }));
  });

  test("times ascend and stay inside the chosen days", () => {
    const times = [...make()].map((row) => row.esi.killmail_time);
    expect([...times].sort()).toEqual(times);
    expect(times[0]! >= "2026-11-01T00:00:00Z").toBe(true);
    expect(times.at(-1)! < "2026-11-08T00:00:00Z").toBe(true);
    expect(times.every((time) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(time))).toBe(true);
  });

  test("player ids come from a pool with a fixed affiliation and NPC attackers keep theirs", () => {
    for (const row of make()) {
      for (const who of [row.esi.victim, ...row.esi.attackers]) {
        if (!who.character_id) continue;
        const expected = poolAffiliation({ characterIndex: who.character_id - 2_125_000_000, poolSize: 5000 });
        expect(who.corporation_id).toBe(expected.corporation_id);
        expect(who.alliance_id).toBe(expected.alliance_id);
      }
      const npc = row.esi.attackers.find((who) => !who.character_id && who.corporation_id === 1000125);
      if (npc) expect(npc.ship_type_id).toBe(3740);
    }
  });

  test("a million records are generated lazily in well under a few seconds", () => {
    const many = createSyntheticKillmails({ base, count: 1_000_000, seed: 1, startDate: "2026-11-01", endDate: "2026-11-07" });
    let last = 0;
    for (const row of many) last = row.killmail_id;
    expect(last).toBe(201 + 999_999);
    expect(() => many.killmailAt(1_000_000)).toThrow(RangeError);
  });
});
