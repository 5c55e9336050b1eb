import { expect, test } from "bun:test";
import { leadersToName, toAllianceDetails, toCorporationDetails } from "./enrichment.details.models.ts";

test("a corporation's enlisted faction counts as its faction, and a missing alliance is none", () => {
  const details = toCorporationDetails({ id: 98000001, body: { name: "A", ticker: "A", enlisted_faction_id: 500001, member_count: 3, ceo_id: 90000001 } });
  expect(details).toMatchObject({ factionId: 500001, allianceId: null, memberCount: 3, ceoId: 90000001, executorCorporationId: null });
});

test("CEOs and executors are named unless they are ESI's placeholder or NPCs", () => {
  const corporations = [
    toCorporationDetails({ id: 98000001, body: { name: "A", ticker: "A", ceo_id: 90000001 } }),
    toCorporationDetails({ id: 98000002, body: { name: "B", ticker: "B", ceo_id: 1 } }),
    toCorporationDetails({ id: 98000003, body: { name: "C", ticker: "C", ceo_id: 3_004_000 } }),
  ];
  const alliance = toAllianceDetails({ id: 99000001, body: { name: "X", ticker: "X", executor_corporation_id: 98000009 } });
  expect(leadersToName({ details: [...corporations, alliance] })).toEqual([
    { entityKind: "character", entityId: 90000001 },
    { entityKind: "corporation", entityId: 98000009 },
  ]);
});
