import { describe, expect, test } from "bun:test";
import type { LiveInvolvement, LiveRecord } from "../live/live.types.ts";
import { matchesLiveFilter } from "../live/live.filter.ts";
import { recordKeysOf } from "../live/ws.v1.ts";
import { campaignKeyOf, losingSides, matchesCampaign } from "./campaigns.models.ts";
import { campaignFilterSchema, type CampaignFilter } from "./campaigns.schemas.ts";

const ALLIANCE_A = 99_000_001;
const ALLIANCE_B = 99_000_002;
const CORP_C = 98_000_003;

const party = (kind: LiveInvolvement["kind"], id: number, victim: boolean): LiveInvolvement => ({ kind, id, victim, finalBlow: false });

function recordOf({ victim = [party("alliance", ALLIANCE_A, true)], attackers = [party("alliance", ALLIANCE_B, false)], value = 1e8, time = "2024-05-10T12:00:00Z",
  labels = ["pvp"], system = 30000142, constellation = 20000020, region = 10000002 }: {
  victim?: LiveInvolvement[]; attackers?: LiveInvolvement[]; value?: number; time?: string; labels?: string[]; system?: number; constellation?: number; region?: number;
} = {}): LiveRecord {
  return {
    sequence: 1, killmailId: 1, hash: null, killmailTime: time, storedAt: time, esiText: "{}",
    zkb: { hash: null, fittedValue: 0, droppedValue: 0, destroyedValue: 0, totalValue: value, points: 1, npc: false, solo: false, awox: false, labels, attackerCount: 1, href: "" },
    solarSystemId: system, constellationId: constellation, regionId: region, victimShipTypeId: 587, victimShipGroupId: 25,
    involvement: [...victim, ...attackers],
  };
}

const filterOf = (input: unknown): CampaignFilter => campaignFilterSchema.parse(input);
const matches = (input: unknown, record: LiveRecord) => matchesCampaign({ filter: filterOf(input), record });

describe("the campaign matcher", () => {
  test("entities match on either side, and only the entities named", () => {
    const filter = { entities: [{ kind: "alliance", id: ALLIANCE_A }] };
    expect(matches(filter, recordOf())).toBe(true);
    expect(matches(filter, recordOf({ victim: [party("alliance", ALLIANCE_B, true)], attackers: [party("alliance", ALLIANCE_A, false)] }))).toBe(true);
    expect(matches(filter, recordOf({ victim: [party("corporation", CORP_C, true)], attackers: [party("alliance", ALLIANCE_B, false)] }))).toBe(false);
    // The same id of another kind is another entity.
    expect(matches({ entities: [{ kind: "corporation", id: ALLIANCE_A }] }, recordOf())).toBe(false);
  });

  test("sides match a kill only when one side lost to the other, whichever way round", () => {
    const sides = { sides: { a: [{ kind: "alliance", id: ALLIANCE_A }], b: [{ kind: "alliance", id: ALLIANCE_B }] } };
    expect(matches(sides, recordOf())).toBe(true);
    expect(matches(sides, recordOf({ victim: [party("alliance", ALLIANCE_B, true)], attackers: [party("alliance", ALLIANCE_A, false)] }))).toBe(true);
    // A lost to a third party: both are involved nowhere as opponents.
    expect(matches(sides, recordOf({ attackers: [party("corporation", CORP_C, false)] }))).toBe(false);
    // A and B fought together against C: neither lost to the other.
    expect(matches(sides, recordOf({ victim: [party("corporation", CORP_C, true)], attackers: [party("alliance", ALLIANCE_A, false), party("alliance", ALLIANCE_B, false)] }))).toBe(false);
    expect(losingSides({ sides: filterOf(sides).sides!, record: recordOf() })).toEqual({ a: true, b: false });
  });

  test("places match any of the systems, constellations and regions listed", () => {
    expect(matches({ solarSystemIds: [30000001], regionIds: [10000002] }, recordOf())).toBe(true);
    expect(matches({ solarSystemIds: [30000142] }, recordOf())).toBe(true);
    expect(matches({ constellationIds: [20000001], regionIds: [10000043] }, recordOf())).toBe(false);
  });

  test("time is from inclusive to exclusive; value bounds are inclusive; labels are all required", () => {
    const range = { from: "2024-05-10T12:00:00Z", to: "2024-05-11T00:00:00Z" };
    expect(matches(range, recordOf())).toBe(true);
    expect(matches(range, recordOf({ time: "2024-05-11T00:00:00Z" }))).toBe(false);
    expect(matches(range, recordOf({ time: "2024-05-10T11:59:59Z" }))).toBe(false);
    expect(matches({ minValue: 1e8, maxValue: 1e8 }, recordOf())).toBe(true);
    expect(matches({ minValue: 1e8 + 1 }, recordOf())).toBe(false);
    expect(matches({ labels: ["pvp", "solo"] }, recordOf({ labels: ["pvp"] }))).toBe(false);
    expect(matches({ labels: ["pvp", "solo"] }, recordOf({ labels: ["solo", "pvp", "loc:highsec"] }))).toBe(true);
  });

  test("the empty filter is every kill, and a live filter holding a campaign matches by the campaign alone", () => {
    expect(matches({}, recordOf())).toBe(true);
    const campaign = filterOf({ entities: [{ kind: "corporation", id: CORP_C }] });
    expect(matchesLiveFilter({ filter: { campaign }, record: recordOf() })).toBe(false);
    expect(matchesLiveFilter({ filter: { campaign }, record: recordOf({ attackers: [party("corporation", CORP_C, false)] }) })).toBe(true);
  });

  test("the ws index key of a campaign is one every kill it matches is offered under", () => {
    const records = [recordOf(), recordOf({ victim: [party("alliance", ALLIANCE_B, true)], attackers: [party("alliance", ALLIANCE_A, false)], labels: ["solo"] })];
    const filters = [
      { entities: [{ kind: "alliance", id: ALLIANCE_A }] }, { sides: { a: [{ kind: "alliance", id: ALLIANCE_A }], b: [{ kind: "alliance", id: ALLIANCE_B }] } },
      { solarSystemIds: [30000142] }, { labels: ["solo"] }, { entities: [{ kind: "alliance", id: ALLIANCE_A }, { kind: "alliance", id: ALLIANCE_B }] }, {},
    ].map(filterOf);
    for (const filter of filters) {
      for (const record of records.filter((one) => matchesCampaign({ filter, record: one }))) {
        expect([JSON.stringify(filter), recordKeysOf({ record }).has(campaignKeyOf({ filter }))]).toEqual([JSON.stringify(filter), true]);
      }
    }
    expect(campaignKeyOf({ filter: filters[0]! })).toBe(`e:alliance:${ALLIANCE_A}`);
    expect(campaignKeyOf({ filter: filters[4]! })).toBe("*");
  });
});

describe("the campaign filter schema", () => {
  test("refuses what would be ambiguous, naming the field", () => {
    const problems = (input: unknown) => campaignFilterSchema.safeParse(input).error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    expect(problems({ entities: [{ kind: "alliance", id: 1 }], sides: { a: [{ kind: "alliance", id: 2 }], b: [{ kind: "alliance", id: 3 }] } })).toEqual(["sides: give entities or sides, not both"]);
    expect(problems({ sides: { a: [{ kind: "alliance", id: 2 }], b: [{ kind: "alliance", id: 2 }] } })).toEqual(["sides: an entity cannot be on both sides"]);
    expect(problems({ from: "2024-05-02T00:00:00Z", to: "2024-05-01T00:00:00Z" })).toEqual(["to: must be after from"]);
    expect(problems({ entities: [{ kind: "ship", id: 587 }] })?.[0]).toStartWith("entities.0.kind: ");
    expect(problems({ colour: "red" })?.[0]).toContain("colour");
    expect(problems({ from: "yesterday" })?.[0]).toStartWith("from: must be an ISO 8601 time");
  });

  test("times are kept as UTC ISO text whatever offset they were given in", () => {
    expect(filterOf({ from: "2024-05-01T02:00:00+02:00" }).from).toBe("2024-05-01T00:00:00.000Z");
  });
});
