import { afterAll, beforeAll, expect, test } from "bun:test";
import { createSeededWeb, HOSTILE_NAME, type FixtureRecord } from "../../test/e2e/seed.ts";
import { storeCopies } from "../../test/support/rollups.ts";
import { DAY_MS, toUtcDay } from "../app/time.ts";
import { loadSnapshotPanel, takeSnapshots } from "./history.snapshots.usecases.ts";
import { refreshHistory } from "./history.usecases.ts";

let web: Awaited<ReturnType<typeof createSeededWeb>>;
/** A copy of the second real kill re-dated to June 2004, older than any real one, and of the first (its victim is the hostile name) yesterday. */
const OLD_TIME = new Date(Date.UTC(2004, 5, 15, 12));
const yesterday = toUtcDay(new Date(Date.now() - DAY_MS));
let old: FixtureRecord;
beforeAll(async () => {
  web = await createSeededWeb();
  old = web.records[1]!;
  await storeCopies({ sql: web.db.sql, records: [old], firstId: 996_000_001, time: OLD_TIME });
  await storeCopies({ sql: web.db.sql, records: [web.records[0]!], firstId: 996_100_001, time: new Date(Date.now() - DAY_MS) });
  await refreshHistory({ sql: web.db.sql });
}, 60_000);
afterAll(() => web.db.drop());

const get = (path: string) => web.app.request(path);

/** Per `YYYYMM`, the killmails a corporation is on each side of, from the ESI bodies alone (not our SQL). */
function countMonths({ corporationId, records }: { corporationId: number; records: FixtureRecord[] }) {
  const months = new Map<string, { kills: number; losses: number }>();
  for (const record of records) {
    const month = record.esi.killmail_time.slice(0, 7).replace("-", "");
    const entry = months.get(month) ?? { kills: 0, losses: 0 };
    if (record.esi.victim.corporation_id === corporationId) entry.losses++;
    if (record.esi.attackers.some((a) => a.corporation_id === corporationId)) entry.kills++;
    if (entry.kills || entry.losses) months.set(month, entry);
  }
  return Object.fromEntries(months);
}

const withCopies = () => [...web.records, { ...old, esi: { ...old.esi, killmail_time: OLD_TIME.toISOString() } },
  { ...web.records[0]!, esi: { ...web.records[0]!.esi, killmail_time: new Date(Date.now() - DAY_MS).toISOString() } }];

test("/api/stats/ months cover every month with activity, including one older than any other kill", async () => {
  const corporationId = old.esi.victim.corporation_id as number;
  const body = await (await get(`/api/stats/corporationID/${corporationId}/`)).json();
  const got = Object.fromEntries(Object.entries(body.months as Record<string, { shipsDestroyed: number; shipsLost: number }>)
    .map(([key, month]) => [key, { kills: month.shipsDestroyed, losses: month.shipsLost }]));
  expect(got["200406"]).toEqual({ kills: 0, losses: 1 });
  expect(got).toEqual(countMonths({ corporationId, records: withCopies() }));
});

test("bucketed stats: whole months over all time sum to the totals, a week is widened to Monday–Sunday, a day stands alone", async () => {
  const corporationId = old.esi.victim.corporation_id as number;
  const months = await (await get(`/api/v1/stats/corporation/${corporationId}?bucket=month&from=2004-01-20&to=${toUtcDay(new Date())}`)).json();
  expect(months.from).toBe("2004-01-01");
  const expected = Object.values(countMonths({ corporationId, records: withCopies() }));
  const sum = (rows: { kills: number; losses: number }[], key: "kills" | "losses") => rows.reduce((total, row) => total + row[key], 0);
  expect([sum(months.data, "kills"), sum(months.data, "losses")]).toEqual([sum(expected, "kills"), sum(expected, "losses")]);
  const now = new Date();
  expect(months.data.length).toBe((now.getUTCFullYear() - 2004) * 12 + now.getUTCMonth() + 1);
  expect(months.data.find((row: { start: string }) => row.start === "2004-06-01")).toMatchObject({ losses: 1, kills: 0 });

  const week = await (await get(`/api/v1/stats/corporation/${corporationId}?bucket=week&from=2004-06-16&to=2004-06-16`)).json();
  expect(week).toMatchObject({ bucket: "week", from: "2004-06-14", to: "2004-06-20", data: [{ start: "2004-06-14", losses: 1 }] });
  const days = await (await get(`/api/v1/stats/corporation/${corporationId}?bucket=day&from=2004-06-14&to=2004-06-16`)).json();
  expect(days.data.map((row: { start: string; losses: number }) => [row.start, row.losses])).toEqual([["2004-06-14", 0], ["2004-06-15", 1], ["2004-06-16", 0]]);
  expect(days.data[1].iskLost).toBeGreaterThan(0);
});

test("bad bucket parameters are 400s that name the parameter", async () => {
  const cases: [string, string][] = [
    ["bucket=hour", "bucket"], ["bucket=day&from=2024-02-30", "from"], ["bucket=day&from=2024-03-02&to=2024-03-01", "from"],
    ["bucket=day&from=2023-01-01&to=2024-12-31", "from"], ["from=2024-01-01", "from"], ["to=2024-01-01", "to"], ["bucket=day&colour=red", "colour"],
  ];
  for (const [query, parameter] of cases) {
    const response = await get(`/api/v1/stats/character/${web.hostileCharacterId}?${query}`);
    const body = await response.json();
    expect([query, response.status, body.details?.parameter]).toEqual([query, 400, parameter]);
  }
  const tooLong = await (await get(`/api/v1/stats/character/1?bucket=day&from=2023-01-01&to=2024-12-31`)).json();
  expect(tooLong.details.problem).toContain("at most 400");
});

test("the daily page lists the last days with yesterday's loss and the name escaped", async () => {
  const response = await get(`/character/${web.hostileCharacterId}/daily/`);
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toContain("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;Evil &amp; Co");
  expect(html).not.toContain(HOSTILE_NAME);
  expect(html).toMatch(new RegExp(`<tr><th scope="row">${yesterday}</th><td>0</td><td>1</td><td>0.00</td><td>[0-9.]+[kmbt]?</td><td>0%</td></tr>`));
  expect(html).toContain("<svg");
  expect((await get("/character/1/daily/")).status).toBe(404);
  expect((await get("/system/3000000000/daily/")).status).toBe(404);
});

const ALLIANCE_ID = 99_000_301;
const CORPORATIONS = [98_000_301, 98_000_302];
const LONE_CORPORATION = 98_000_303;

/** Members as enrichment would set them, and the alliance's all-time kills as the rollup would. */
async function setFigures({ members, kills }: { members: [number, number]; kills: number }) {
  for (const [index, id] of CORPORATIONS.entries()) await web.db.sql`update entities set member_count = ${members[index]!} where entity_kind = 'corporation' and entity_id = ${id}`;
  await web.db.sql`insert into entity_totals (entity_kind, entity_id, kills, points, isk_destroyed, solo_kills, avg_gang_size, losses, points_lost, isk_lost, solo_losses)
    values ('alliance', ${ALLIANCE_ID}, ${kills}, 0, ${kills * 1e6}, 0, 1, 2, 0, 5e6, 0)
    on conflict (entity_kind, entity_id) do update set kills = excluded.kills, isk_destroyed = excluded.isk_destroyed`;
}

test("daily snapshots give 7- and 30-day deltas, the day's last run wins, unchanged entities cost no row, and the alliance page shows them", async () => {
  await web.db.sql`insert into entities (entity_kind, entity_id, name, alliance_id, updated_at) values
    ('alliance', ${ALLIANCE_ID}, 'Growing Accord', null, now()), ('corporation', ${CORPORATIONS[0]!}, 'First Growth', ${ALLIANCE_ID}, now()),
    ('corporation', ${CORPORATIONS[1]!}, 'Second Growth', ${ALLIANCE_ID}, now())`;
  const now = new Date();
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const timeline: [number, [number, number], number][] = [[40, [10, 5], 100], [30, [12, 5], 110], [7, [20, 8], 150], [0, [30, 9], 180]];
  for (const [days, members, kills] of timeline) {
    await setFigures({ members, kills });
    await takeSnapshots({ sql: web.db.sql, now: daysAgo(days) });
  }
  // Later the same day: the day's row is replaced, not joined by a second; a corporation first seen today has no deltas.
  await web.db.sql`insert into entities (entity_kind, entity_id, name, updated_at) values ('corporation', ${LONE_CORPORATION}, 'Lone Corp', now())`;
  await setFigures({ members: [31, 9], kills: 181 });
  await takeSnapshots({ sql: web.db.sql, now });

  const panel = await loadSnapshotPanel({ sql: web.db.sql, kind: "alliance", id: ALLIANCE_ID, now });
  expect(panel.snapshots.map((s) => s.day)).toEqual([40, 30, 7, 0].map((days) => toUtcDay(daysAgo(days))));
  const byFigure = Object.fromEntries(panel.deltas.map((d) => [d.figure, [d.current, ...d.deltas.map((x) => x.change)]]));
  expect(byFigure.memberCount).toEqual([40, 40 - 28, 40 - 17]);
  expect(byFigure.corporationCount).toEqual([2, 0, 0]);
  expect(byFigure.kills).toEqual([181, 181 - 150, 181 - 110]);

  // An entity whose figures never changed keeps the one row of its first snapshot.
  const [unchanged] = await web.db.sql<{ rows: number }[]>`
    select count(*)::int as rows from entity_snapshots where entity_kind = 'corporation' and entity_id = ${old.esi.victim.corporation_id as number}`;
  expect(unchanged!.rows).toBe(1);

  const lone = await loadSnapshotPanel({ sql: web.db.sql, kind: "corporation", id: LONE_CORPORATION, now });
  expect(lone.deltas.find((d) => d.figure === "kills")?.deltas.map((x) => x.change)).toEqual([null, null]);

  const html = await (await get(`/alliance/${ALLIANCE_ID}/`)).text();
  expect(html).toContain(`Growth (daily snapshots, latest ${toUtcDay(now)})`);
  expect(html).toContain("<tr><th scope=\"row\">Members</th><td>40</td><td>+12</td><td>+23</td></tr>");
  expect(html).toContain("<tr><th scope=\"row\">Ships destroyed</th><td>181</td><td>+31</td><td>+71</td></tr>");
  expect(html).toContain("<polyline");
  expect(await (await get(`/character/${web.hostileCharacterId}/`)).text()).not.toContain("Growth (daily snapshots");
});
