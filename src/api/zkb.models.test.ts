import { describe, expect, test } from "bun:test";
import { parseZkbPath, toZkbKillmailJson, ZKB_MIN_AGE_MS } from "./zkb.models.ts";

const now = new Date("2026-11-23T12:00:00Z");
const parse = (path: string) => parseZkbPath({ segments: path.split("/").filter(Boolean), now });

describe("parseZkbPath", () => {
  test("kills of a character filter on the attacker side and hide kills younger than five minutes", () => {
    const parsed = parse("kills/characterID/123/");
    if ("error" in parsed) throw new Error(parsed.error);
    expect(parsed.filter.entity).toEqual({ kind: "character", id: 123, role: "attacker" });
    expect(parsed.filter.until?.getTime()).toBe(now.getTime() - ZKB_MIN_AGE_MS);
    expect(parsed.filter.limit).toBe(200);
  });

  test("flags become labels, pastSeconds a lower time bound, page an offset", () => {
    const parsed = parse("losses/corporationID/5/solo/w-space/pastSeconds/7200/page/2/");
    if ("error" in parsed) throw new Error(parsed.error);
    expect(parsed.filter.labels).toEqual(["solo", "loc:w-space"]);
    expect(parsed.filter.since?.toISOString()).toBe("2026-11-23T10:00:00.000Z");
    expect(parsed.filter.offset).toBe(200);
    expect(parsed.filter.entity?.role).toBe("victim");
  });

  test("a second entity must be involved too", () => {
    const parsed = parse("characterID/1/allianceID/2/");
    if ("error" in parsed) throw new Error(parsed.error);
    expect(parsed.filter.alsoInvolved).toEqual([{ kind: "alliance", id: 2 }]);
  });

  test("zKillboard's refusals come back as errors", () => {
    expect(parse("characterID/1,2/")).toEqual({ error: "multiple values for a modifier are no longer supported" });
    expect(parse("limit/10/")).toEqual({ error: "limit is no longer supported" });
    expect(parse("pastSeconds/100/")).toHaveProperty("error");
    expect(parse("kills/page/2/")).toHaveProperty("error");
    expect(parse("bogus/")).toEqual({ error: "Invalid modifier: bogus" });
    expect(parse("")).toHaveProperty("error");
  });

  test("ids stored as integer stop at 2147483647, bigint ids take 15 digits", () => {
    for (const key of ["solarSystemID", "constellationID", "regionID", "shipTypeID", "groupID", "factionID"]) {
      expect(parse(`${key}/3000000000/`)).toEqual({ error: `${key} must be at most 2147483647` });
      expect(parse(`${key}/2147483647/`)).not.toHaveProperty("error");
    }
    expect(parse("characterID/999999999999999/")).not.toHaveProperty("error");
    expect(parse("year/999999999999999/")).toEqual({ error: "year must be between 2003 and 2100" });
  });

  test("a modifier named like an Object property is just an unknown modifier", () => {
    expect(parse("toString/1/")).toEqual({ error: "Invalid modifier: toString" });
    expect(parse("constructor/")).toEqual({ error: "Invalid modifier: constructor" });
  });
});

test("the API element is the stored ESI object with zkb added, keys untouched", () => {
  const row = {
    killmailId: 9, hash: "abc", locationId: 40000001, fittedValue: 1, droppedValue: 2, destroyedValue: 3, totalValue: 5, points: 7,
    npc: false, solo: true, awox: false, labels: ["solo"], attackerCount: 1, esiText: '{"killmail_id": 9, "solar_system_id": 30000142}',
  } as never;
  const parsed = JSON.parse(toZkbKillmailJson(row));
  expect(parsed.killmail_id).toBe(9);
  expect(parsed.zkb).toEqual({ locationID: 40000001, hash: "abc", fittedValue: 1, droppedValue: 2, destroyedValue: 3, totalValue: 5,
    points: 7, npc: false, solo: true, awox: false, labels: ["solo"], attackerCount: 1, href: "https://esi.evetech.net/killmails/9/abc/" });
});
