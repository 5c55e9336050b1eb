/**
 * The entity page's monthly chart reads entity_monthly (the rollup), and aggregates the killmails live only for
 * an entity the rollup has not reached yet, as `/api/stats/`'s months do.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createSeededWeb, type FixtureRecord } from "../../test/e2e/seed.ts";
import { storeCopies } from "../../test/support/rollups.ts";
import { DAY_MS } from "../app/time.ts";
import { refreshHistory } from "../history/history.usecases.ts";
import { STATS_WINDOWS_DAYS } from "./entity.usecases.ts";

type Party = { corporation_id?: number };
let web: Awaited<ReturnType<typeof createSeededWeb>>;
let records: FixtureRecord[];
let corporations: number[];

const involves = (record: FixtureRecord, id: number) =>
  record.esi.victim.corporation_id === id || (record.esi.attackers as Party[]).some((a) => a.corporation_id === id);

/** Player corporations (not NPC ones) ordered by how many killmails they are on. */
function busiestCorporations(all: FixtureRecord[]) {
  const counts = new Map<number, number>();
  for (const record of all) {
    const ids = [record.esi.victim.corporation_id, ...(record.esi.attackers as Party[]).map((a) => a.corporation_id)];
    for (const id of new Set(ids.filter((id): id is number => typeof id === "number" && id > 2_000_000))) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
}

beforeAll(async () => {
  web = await createSeededWeb();
  corporations = busiestCorporations(web.records).slice(0, 3);
  // Copies 20 and 100 days old keep each corporation in the chart's two years whatever day the test runs.
  const copies: FixtureRecord[] = [];
  for (const [index, id] of corporations.entries()) {
    const theirs = web.records.filter((record) => involves(record, id)).slice(0, 3);
    for (const [offset, days] of [[0, 20], [50, 100]] as const) {
      const time = new Date(Date.now() - days * DAY_MS);
      const firstId = 997_000_001 + index * 100 + offset;
      await storeCopies({ sql: web.db.sql, records: theirs, firstId, time });
      copies.push(...theirs.map((record) => ({ ...record, esi: { ...record.esi, killmail_time: time.toISOString() } })));
    }
  }
  records = [...web.records, ...copies];
  await refreshHistory({ sql: web.db.sql });
}, 60_000);
afterAll(() => web?.db.drop());

/** The chart's bars as `YYYY-MM` → kills and losses, read from their titles. */
async function chartOf(id: number) {
  const response = await web.app.request(`/corporation/${id}/`);
  expect(response.status).toBe(200);
  const html = await response.text();
  const start = html.indexOf('id="months"');
  const section = html.slice(start, html.indexOf("</section>", start));
  return [...section.matchAll(/<title>(\d{4}-\d{2}): (\d+) kills, (\d+) losses<\/title>/g)]
    .map((match) => ({ month: match[1]!, kills: Number(match[2]), losses: Number(match[3]) }));
}

/** The chart shows the newest twelve months of its two-year window, oldest first. */
const firstMonthOfWindow = () => new Date(Date.now() - STATS_WINDOWS_DAYS.monthly * DAY_MS).toISOString().slice(0, 7);
const chartMonths = (months: { month: string; kills: number; losses: number }[]) =>
  months.filter((m) => m.month >= firstMonthOfWindow()).sort((a, b) => a.month.localeCompare(b.month)).slice(-12);

async function storedMonths(id: number) {
  const rows = await web.db.sql<{ month: string; kills: number; losses: number }[]>`
    select to_char(month, 'YYYY-MM') as month, kills, losses from entity_monthly
    where entity_kind = 'corporation' and entity_id = ${id}`;
  return chartMonths(rows.map((row) => ({ ...row })));
}

/** Per month, the killmails the corporation is on each side of, from the ESI bodies alone (not our SQL). */
function countedMonths(id: number) {
  const months = new Map<string, { month: string; kills: number; losses: number }>();
  for (const record of records.filter((r) => involves(r, id))) {
    const month = record.esi.killmail_time.slice(0, 7);
    const entry = months.get(month) ?? { month, kills: 0, losses: 0 };
    if (record.esi.victim.corporation_id === id) entry.losses++;
    if ((record.esi.attackers as Party[]).some((a) => a.corporation_id === id)) entry.kills++;
    months.set(month, entry);
  }
  return chartMonths([...months.values()]);
}

test("the monthly chart's figures are entity_monthly's, which are the killmails' own", async () => {
  const id = corporations[0]!;
  const chart = await chartOf(id);
  expect(chart.length).toBeGreaterThan(1);
  expect(chart).toEqual(await storedMonths(id));
  expect(chart).toEqual(countedMonths(id));
});

test("the chart draws a month as the rollup holds it, not as the killmails would count now", async () => {
  const id = corporations[1]!;
  await web.db.sql`update entity_monthly set kills = kills + 1000 where entity_kind = 'corporation' and entity_id = ${id}`;
  const chart = await chartOf(id);
  expect(chart.length).toBeGreaterThan(0);
  expect(chart).toEqual(await storedMonths(id));
  expect(chart.every((month) => month.kills >= 1000)).toBe(true);
});

test("a corporation the rollup has not reached yet is charted from its killmails", async () => {
  const id = corporations[2]!;
  await web.db.sql`delete from entity_monthly where entity_kind = 'corporation' and entity_id = ${id}`;
  const chart = await chartOf(id);
  expect(chart.length).toBeGreaterThan(0);
  expect(chart).toEqual(countedMonths(id));
});

test("GraphQL's months are the page's: entity_monthly's over the same two years, newest first", async () => {
  const id = corporations[0]!;
  const response = await web.app.request("/graphql", {
    method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ query: `{ corporation(id: ${id}) { stats { months { month kills losses iskDestroyed } } } }` }),
  });
  const body = (await response.json()) as { data?: { corporation: { stats: { months: { month: string; kills: number; losses: number; iskDestroyed: number }[] } } }; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  const months = body.data!.corporation.stats.months;
  const stored = await web.db.sql<{ month: string; kills: number; losses: number; iskDestroyed: number }[]>`
    select to_char(month, 'YYYY-MM') as month, kills, losses, isk_destroyed from entity_monthly
    where entity_kind = 'corporation' and entity_id = ${id} and month >= ${`${firstMonthOfWindow()}-01`}::date order by month desc`;
  expect(months.length).toBeGreaterThan(1);
  expect(months).toEqual(stored.map((row) => ({ ...row })));
  expect(chartMonths(months.map(({ month, kills, losses }) => ({ month, kills, losses })))).toEqual(await chartOf(id));
});
