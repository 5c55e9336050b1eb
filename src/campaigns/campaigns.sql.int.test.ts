/**
 * The campaign query (SQL) and the campaign matcher (TypeScript) must mean the same thing: on 400 synthetic kills
 * stored through the real processor, each filter below selects the same kills both ways, and the totals count them.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFixture } from "../../test/e2e/seed.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createKillmailProcessor } from "../killmails/killmail.usecases.ts";
import { parseKillmailInput } from "../killmails/killmail.schemas.ts";
import { storeKillmailBatch } from "../killmails/killmail.store.ts";
import { createSyntheticKillmails } from "../killmails/killmail.synthetic.ts";
import { createLiveRepository } from "../live/live.repository.ts";
import type { LiveRecord } from "../live/live.types.ts";
import { losingSides, matchesCampaign } from "./campaigns.models.ts";
import { createCampaignRepository } from "./campaigns.repository.ts";
import { campaignFilterSchema, type CampaignFilter } from "./campaigns.schemas.ts";

const COUNT = 400;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let records: LiveRecord[];

beforeAll(async () => {
  db = await createTestDatabase();
  // A small pool, so pilots, corporations and alliances meet again and again on both sides.
  const synthetic = createSyntheticKillmails({ base: readFixture().map((record) => ({ killmail_id: record.killmail_id, esi: { ...record.esi, killmail_id: record.killmail_id } })), count: COUNT, seed: 20, startDate: "2024-05-01", endDate: "2024-05-10", poolSize: 40 });
  const { storeKillmails } = await createKillmailProcessor({ sql: db.sql });
  const inputs = [...synthetic].map((json) => parseKillmailInput({ json, source: "import", firstSeenAt: new Date() }));
  const outcome = await storeKillmailBatch({ storeKillmails, inputs });
  expect(outcome.rejections).toEqual([]);
  records = await createLiveRepository({ sql: db.sql }).readRecordsAfter({ after: 0, limit: COUNT * 2 });
}, 120_000);

afterAll(() => db?.drop());

/** The most frequent values of a list, most frequent first. */
function mostCommon<T>(values: T[]): T[] {
  const counts = new Map<string, { value: T; count: number }>();
  for (const value of values) {
    const key = JSON.stringify(value);
    counts.set(key, { value, count: (counts.get(key)?.count ?? 0) + 1 });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count).map((entry) => entry.value);
}

function filtersFromData(): Record<string, CampaignFilter> {
  const alliances = mostCommon(records.flatMap((r) => r.involvement.filter((e) => e.kind === "alliance").map((e) => ({ kind: "alliance" as const, id: e.id }))));
  const corporations = mostCommon(records.flatMap((r) => r.involvement.filter((e) => e.kind === "corporation" && e.victim).map((e) => ({ kind: "corporation" as const, id: e.id }))));
  const systems = mostCommon(records.map((r) => r.solarSystemId));
  const regions = mostCommon(records.map((r) => r.regionId!));
  const labels = mostCommon(records.flatMap((r) => r.zkb.labels));
  const values = records.map((r) => r.zkb.totalValue).sort((a, b) => a - b);
  const times = records.map((r) => r.killmailTime).sort();
  const raw = {
    entities: { entities: [alliances[0], corporations[3]] },
    sides: { sides: { a: [alliances[0]], b: [alliances[1], alliances[2]] } },
    sidesWithCorporations: { sides: { a: [corporations[0], corporations[1]], b: [alliances[0]] }, labels: [labels[0]] },
    places: { solarSystemIds: [systems[0], systems[1]], regionIds: [regions[2]] },
    time: { from: times[100], to: times[300] },
    labels: { labels: [labels[0], labels[1]] },
    value: { minValue: values[120], maxValue: values[280] },
    everything: { entities: [alliances[0], alliances[1]], regionIds: regions.slice(0, 3), from: times[50], minValue: values[40], labels: [labels[0]] },
  };
  return Object.fromEntries(Object.entries(raw).map(([name, filter]) => [name, campaignFilterSchema.parse(filter)]));
}

test("each filter selects the same kills in SQL as the matcher does on the live records, and totals count exactly those", async () => {
  expect(records.length).toBe(COUNT);
  const repository = createCampaignRepository({ sql: db.sql });
  for (const [name, filter] of Object.entries(filtersFromData())) {
    const expected = records.filter((record) => matchesCampaign({ filter, record })).map((record) => record.killmailId).sort();
    const rows = await repository.listKillmails({ filter, page: { limit: COUNT * 2 } });
    // Not vacuous: every filter keeps some kills and drops others.
    expect([name, expected.length > 0 && expected.length < COUNT]).toEqual([name, true]);
    expect([name, rows.map((row) => row.killmailId).sort()]).toEqual([name, expected]);
    const totals = await repository.totals({ filter });
    expect([name, totals.kills]).toEqual([name, expected.length]);
    if (filter.sides) {
      const lost = records.filter((record) => matchesCampaign({ filter, record })).map((record) => losingSides({ sides: filter.sides!, record }));
      expect([name, totals.lostA, totals.lostB]).toEqual([name, lost.filter((side) => side.a).length, lost.filter((side) => side.b).length]);
    }
  }
}, 60_000);

test("the list pages by cursor through exactly the campaign's kills, newest first, none twice", async () => {
  const filter = filtersFromData().entities!;
  const repository = createCampaignRepository({ sql: db.sql });
  const seen: number[] = [];
  let cursor: { time: Date; id: number } | undefined;
  for (;;) {
    const rows = await repository.listKillmails({ filter, page: { cursor, limit: 7 } });
    seen.push(...rows.map((row) => row.killmailId));
    if (rows.length < 7) break;
    cursor = { time: rows.at(-1)!.killmailTime, id: rows.at(-1)!.killmailId };
  }
  const expected = records.filter((record) => matchesCampaign({ filter, record }))
    .sort((a, b) => b.killmailTime.localeCompare(a.killmailTime) || b.killmailId - a.killmailId).map((record) => record.killmailId);
  expect(seen).toEqual(expected);
});

test("a page's since, until and cursor narrow an entities or sides campaign to exactly its kills in that window", async () => {
  const filters = filtersFromData();
  const repository = createCampaignRepository({ sql: db.sql });
  const times = records.map((record) => record.killmailTime).sort();
  const [since, until] = [new Date(times[80]!), new Date(times[320]!)];
  for (const name of ["entities", "sides", "sidesWithCorporations"]) {
    const filter = filters[name]!;
    const inWindow = records.filter((record) => matchesCampaign({ filter, record }) && Date.parse(record.killmailTime) >= since.getTime() && Date.parse(record.killmailTime) < until.getTime())
      .sort((a, b) => b.killmailTime.localeCompare(a.killmailTime) || b.killmailId - a.killmailId);
    // The window must cut: some of the campaign's kills fall outside it, and a cursor in its middle leaves some.
    expect([name, inWindow.length > 2, inWindow.length < records.filter((record) => matchesCampaign({ filter, record })).length]).toEqual([name, true, true]);
    const rows = await repository.listKillmails({ filter, page: { since, until, limit: COUNT } });
    expect([name, rows.map((row) => row.killmailId)]).toEqual([name, inWindow.map((record) => record.killmailId)]);
    const middle = inWindow[Math.floor(inWindow.length / 2)]!;
    const older = await repository.listKillmails({ filter, page: { since, until, cursor: { time: new Date(middle.killmailTime), id: middle.killmailId }, limit: COUNT } });
    expect([name, older.map((row) => row.killmailId)]).toEqual([name, inWindow.slice(inWindow.indexOf(middle) + 1).map((record) => record.killmailId)]);
  }
});
