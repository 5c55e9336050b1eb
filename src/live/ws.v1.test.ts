import { describe, expect, test } from "bun:test";
import { filterKeyOf, gapMessage, parseAfterParam, parseV1Message, recordKeysOf } from "./ws.v1.ts";
import type { LiveRecord } from "./live.types.ts";

describe("/ws/v1 messages", () => {
  test("subscribe takes the /api/v1/killmails match fields; {} is everything", () => {
    expect(parseV1Message({ text: '{"action":"subscribe","filter":{}}' })).toEqual({ message: { action: "subscribe", filter: {}, query: {}, after: undefined } });
    const parsed = parseV1Message({ text: '{"action":"subscribe","filter":{"entityKind":"alliance","entityId":"99000001","role":"victim","minValue":5e9}}' });
    expect(parsed).toMatchObject({ message: { filter: { entity: { kind: "alliance", id: 99000001, role: "victim" }, minValue: 5e9 } } });
  });

  test("problems name their field", () => {
    expect(parseV1Message({ text: '{"action":"subscribe","filter":{"entityId":1}}' })).toEqual({ problems: ["filter.entityId: entityKind and entityId go together"] });
    expect(parseV1Message({ text: '{"action":"subscribe","filter":{"colour":"red"}}' })).toMatchObject({ problems: [expect.stringMatching(/^filter: .*colour/)] });
    expect(parseV1Message({ text: '{"action":"resume","after":-1}' })).toMatchObject({ problems: [expect.stringMatching(/^after: /)] });
    expect(parseV1Message({ text: "]" })).toMatchObject({ problems: [expect.stringMatching(/^\(root\): not JSON/)] });
  });

  test("?after= must be a sequence number", () => {
    expect(parseAfterParam({ value: "42" })).toEqual({ after: 42 });
    expect(parseAfterParam({ value: "4e2" }).problem).toBe("after: must be a sequence number");
    expect(parseAfterParam({ value: null })).toEqual({});
  });
});

describe("/ws/v1 routing keys", () => {
  const record = {
    solarSystemId: 30000142, constellationId: 20000020, regionId: 10000002, victimShipGroupId: 25,
    zkb: { labels: ["solo"] }, involvement: [{ kind: "character", id: 9, victim: false, finalBlow: true }],
  } as unknown as LiveRecord;

  test("a filter sits under its most selective condition, and a matching record has that key", () => {
    const keys = recordKeysOf({ record });
    for (const filter of [{}, { entity: { kind: "character" as const, id: 9, role: "attacker" as const }, regionId: 1 }, { regionId: 10000002 }, { labels: ["solo"] }, { shipGroupId: 25 }]) {
      expect(keys.has(filterKeyOf({ filter }))).toBe(true);
    }
    expect(keys.has(filterKeyOf({ filter: { solarSystemId: 1 } }))).toBe(false);
  });

  test("a gap points at the list API with the same filter", () => {
    const gap = gapMessage({ after: 3, through: 10, query: { entityKind: "ship", entityId: 587, label: ["solo", "awox"] }, publicUrl: "https://kb.example" });
    expect(gap).toMatchObject({ type: "gap", after: 3, through: 10, missed: 7 });
    expect(gap.url).toBe("https://kb.example/api/v1/killmails?entityKind=ship&entityId=587&label=solo&label=awox");
  });
});
