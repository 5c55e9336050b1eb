import { describe, expect, test } from "bun:test";
import type { LiveRecord } from "./live.types.ts";
import { handleZkbMessage, killstreamFrame, littlekillFrame, littlekillPrefix, ZKB_MAX_CHANNELS, zkbChannelsOf } from "./ws.zkb.ts";

const record: LiveRecord = {
  sequence: 7, killmailId: 123, hash: "a".repeat(40), killmailTime: "2026-11-01T00:00:00.000Z", storedAt: "2026-11-01T00:00:05.000Z",
  esiText: '{"killmail_id": 123, "victim": {"character_id": 5, "corporation_id": 6, "ship_type_id": 587}, "attackers": []}',
  zkb: {
    locationID: 40000001, hash: "a".repeat(40), fittedValue: 1, droppedValue: 2, destroyedValue: 3, totalValue: 12e9, points: 1,
    npc: false, solo: true, awox: false, labels: ["solo", "loc:highsec"], attackerCount: 1, href: "https://esi.evetech.net/killmails/123/aaa/",
  },
  solarSystemId: 30000142, constellationId: 20000020, regionId: 10000002, victimShipTypeId: 587, victimShipGroupId: 25,
  involvement: [
    { kind: "character", id: 5, victim: true, finalBlow: false },
    { kind: "corporation", id: 6, victim: true, finalBlow: false },
    { kind: "character", id: 9, victim: false, finalBlow: true },
    { kind: "ship", id: 587, victim: true, finalBlow: false },
  ],
};

describe("zKillboard messages", () => {
  test("sub and unsub change the channels; a text ping gets a text pong; nothing else is answered", () => {
    const channels = new Set<string>();
    expect(handleZkbMessage({ channels, text: '{"action":"sub","channel":"character:9"}' })).toEqual({ subscribe: "character:9" });
    channels.add("character:9");
    expect(handleZkbMessage({ channels, text: '{"action":"sub","channel":"character:9"}' })).toEqual({});
    expect(handleZkbMessage({ channels, text: '{"action":"unsub","channel":"character:9"}' })).toEqual({ unsubscribe: "character:9" });
    expect(handleZkbMessage({ channels, text: "ping" })).toEqual({ reply: "pong" });
  });

  test("garbage, unknown actions and unknown channels are named, never thrown", () => {
    const channels = new Set<string>();
    expect(handleZkbMessage({ channels, text: "{" }).invalid).toMatch(/^not JSON/);
    expect(handleZkbMessage({ channels, text: "null" }).invalid).toBe("not a JSON object");
    expect(handleZkbMessage({ channels, text: '{"action":"kick"}' }).invalid).toBe("action must be sub or unsub");
    expect(handleZkbMessage({ channels, text: '{"action":"sub","channel":"moon:1"}' }).invalid).toBe('unknown channel "moon:1"');
  });

  test("a socket holds at most 128 channels", () => {
    const channels = new Set(Array.from({ length: ZKB_MAX_CHANNELS }, (_, index) => `system:${index}`));
    expect(handleZkbMessage({ channels, text: '{"action":"sub","channel":"all:*"}' }).invalid).toBe("at most 128 channels");
  });
});

describe("zKillboard channels and frames", () => {
  test("a kill is on the channels of every party, its place, its labels and its value", () => {
    expect([...zkbChannelsOf({ record })].sort()).toEqual([
      "all:*", "character:5", "character:9", "constellation:20000020", "corporation:6", "label:all", "label:loc:highsec", "label:solo",
      "location:40000001", "region:10000002", "ship:587", "system:30000142", "total_value:10b+",
    ]);
  });

  test("littlekill carries the victim, our kill url and the channel it went out on", () => {
    const prefix = littlekillPrefix({ record, publicUrl: "https://kb.example" });
    expect(JSON.parse(littlekillFrame({ prefix, channel: "character:9" }))).toEqual({
      action: "littlekill", killID: 123, character_id: 5, corporation_id: 6, alliance_id: 0, ship_type_id: 587, group_id: 25,
      url: "https://kb.example/kill/123/", channel: "character:9",
    });
  });

  test("killstream is the ESI body with zkb beside its fields, url and esi links included", () => {
    const frame = JSON.parse(killstreamFrame({ record, publicUrl: "https://kb.example/" }));
    expect(frame.victim.character_id).toBe(5);
    expect(frame.zkb).toMatchObject({ totalValue: 12e9, url: "https://kb.example/kill/123/", esi: record.zkb.href });
  });
});
