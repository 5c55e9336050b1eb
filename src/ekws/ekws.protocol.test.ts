import { describe, expect, test } from "bun:test";
import { handleCurrentMessage, handleLegacyMessage, POLICY_VIOLATION } from "./ekws.protocol.ts";
import { topicsOf } from "./ekws.topics.ts";
import { toEkwsValues, type EkwsKill } from "./ekws.kill.ts";

// Thera (w-space, security -0.99); a Wyvern is a supercarrier (group 659).
const place = { system: { regionId: 11000031, constellationId: 21000324, security: -0.99 }, victimShipGroupId: 659 };
const kill: EkwsKill = {
  killmailId: 1,
  hash: "0".repeat(40),
  values: toEkwsValues({ totalValue: 12e9, solo: true, npc: false }),
  esi: {
    killmail_time: "2026-01-01T00:00:00Z", solar_system_id: 31000005,
    victim: { character_id: 2112000001, corporation_id: 98000001, alliance_id: 99000001, ship_type_id: 23917 },
    attackers: [{ character_id: 2112000002, corporation_id: 98000002 }],
  },
};

describe("EVE-KILL topics", () => {
  test("a supercarrier lost in w-space routes to its class, space, value and entity topics", () => {
    const topics = topicsOf({ kill, place });
    for (const topic of ["all", "10b", "5b", "solo", "wspace", "nullsec", "big", "supercarriers", "system.31000005", "region.11000031", "victim.99000001", "attacker.98000002"]) {
      expect(topics.has(topic)).toBe(true);
    }
    expect(topics.has("npc")).toBe(false);
    expect(topics.has("titans")).toBe(false);
  });
});

describe("EVE-KILL protocols", () => {
  test("the current protocol ignores garbage, keeps topic order and closes on an empty topic", () => {
    const topics = new Set<string>();
    expect(handleCurrentMessage({ topics, text: "not json" })).toEqual({ invalid: "not a JSON object" });
    expect(handleCurrentMessage({ topics, text: '{"action":"dance","topics":["all"]}' }).reply).toBeUndefined();
    expect(handleCurrentMessage({ topics, text: '{"action":"subscribe","topics":["solo","all","solo"]}' }).reply).toEqual({ type: "subscribed", topics: ["solo", "all"] });
    expect(handleCurrentMessage({ topics, text: '{"action":"subscribe","topics":[""]}' }).close?.code).toBe(POLICY_VIOLATION);
  });

  test("the current protocol closes past 128 topics", () => {
    const topics = new Set<string>();
    const many = JSON.stringify({ action: "subscribe", topics: Array.from({ length: 129 }, (_, index) => `system.${index}`) });
    expect(handleCurrentMessage({ topics, text: many }).close?.reason).toBe("too many or invalid topics");
  });

  test("the legacy protocol takes plain lists, rejects unknown topics and confirms unsubscriptions", () => {
    const topics = new Set<string>();
    expect(handleLegacyMessage({ topics, text: "all, region.10000002" }).reply).toEqual({ type: "subscribed", data: { topics: ["all", "region.10000002"] } });
    expect(handleLegacyMessage({ topics, text: '{"type":"unsubscribe","topics":["all"]}' }).reply).toEqual({ type: "unsubscribed", data: { topics: ["all"] } });
    expect((handleLegacyMessage({ topics, text: "everything" }).reply as { type: string }).type).toBe("error");
  });
});
