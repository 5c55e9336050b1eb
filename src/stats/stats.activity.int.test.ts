import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { readFixture, seedDatabase } from "../../test/e2e/seed.ts";
import { storeCopies } from "../../test/support/rollups.ts";
import { DAY_MS, HOUR_MS } from "../app/time.ts";
import { createActivityRepository } from "./stats.activity.repository.ts";
import { activitySince, type ActivityCell } from "./stats.models.ts";
import { createStatsRepository, type Scope } from "./stats.repository.ts";
import { createTopsRepository } from "./stats.tops.repository.ts";
import { createTotalsRepository } from "./stats.totals.repository.ts";
import { loadActivity } from "./stats.usecases.ts";

const KEPT_FROM = { character: 3, other: 6 };
const FIRST_ID = 996_000_001;
let db: Awaited<ReturnType<typeof createTestDatabase>>;

/**
 * The real killmails again, re-dated across the last 16 months at different hours, so the heatmaps hold many cells
 * and some copies fall before the window, which must not count.
 */
async function storeSpreadCopies({ firstId, groups }: { firstId: number; groups: number }) {
  const records = readFixture();
  const now = Date.now();
  for (let group = 0; group < groups; group++) {
    const time = new Date(now - group * 41 * DAY_MS - group * 5 * HOUR_MS);
    await storeCopies({ sql: db.sql, records: records.slice(group * 8, group * 8 + 8), firstId: firstId + group * 100, time });
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDatabase({ sql: db.sql });
  await storeSpreadCopies({ firstId: FIRST_ID, groups: 12 });
  await createTotalsRepository({ sql: db.sql }).refreshEntityTotals();
  await db.sql`delete from rollup_watermarks where name = 'entity_tops'`;
  await createTopsRepository({ sql: db.sql, keptFrom: KEPT_FROM }).refreshEntityTops();
}, 60_000);
afterAll(() => db.drop());

const sorted = (cells: ActivityCell[]) => [...cells].sort((a, b) => a.dow - b.dow || a.hour - b.hour);

/** Every scope of the copies: kept ones must hold the live heatmap, the others nothing (their pages count live). */
async function listMismatches(keptFrom = KEPT_FROM) {
  const tops = createTopsRepository({ sql: db.sql, keptFrom });
  const since = activitySince(new Date());
  const scopes = await db.sql<Scope[]>`
    select distinct entity_kind as kind, entity_id::int as id from killmail_involvement where killmail_id >= ${FIRST_ID}
    union select 'system', solar_system_id from killmails where killmail_id >= ${FIRST_ID}
    union select 'region', region_id from killmails where killmail_id >= ${FIRST_ID}`;
  const mismatches: string[] = [];
  let kept = 0;
  let cells = 0;
  for (const scope of scopes) {
    const isKept = await tops.isKept({ scope });
    kept += Number(isKept);
    const [live, stored] = await Promise.all([
      createStatsRepository({ sql: db.sql }).activity({ scope, since }), createActivityRepository({ sql: db.sql }).heatmap({ scope, since }),
    ]);
    cells += stored.length;
    if (JSON.stringify(isKept ? sorted(live) : []) !== JSON.stringify(sorted(stored))) mismatches.push(`${scope.kind}:${scope.id}`);
  }
  return { mismatches, scopes: scopes.length, kept, cells };
}

test("the first fill keeps the heatmaps of kept scopes, equal to the kills counted live over the same months", async () => {
  const { mismatches, scopes, kept, cells } = await listMismatches();
  expect(kept).toBeGreaterThan(20);
  expect(kept).toBeLessThan(scopes);
  expect(cells).toBeGreaterThan(kept);
  expect(mismatches).toEqual([]);
});

test("copies older than the window are not counted, and months that leave it are deleted", async () => {
  const [row] = await db.sql<{ first: string }[]>`select to_char(min(month), 'YYYY-MM-DD') as first from entity_activity`;
  expect(row!.first).toBe(activitySince(new Date()).toISOString().slice(0, 10));
  await db.sql`insert into entity_activity select entity_kind, entity_id, (month - interval '2 years')::date, cells from entity_activity limit 3`;
  await createTopsRepository({ sql: db.sql, keptFrom: KEPT_FROM }).refreshEntityTops();
  const [old] = await db.sql<{ count: number }[]>`
    select count(*)::int as count from entity_activity where month < ${activitySince(new Date())}::date`;
  expect(old!.count).toBe(0);
});

test("new kills reach the heatmaps once, and promoted parties get theirs counted whole", async () => {
  const tops = createTopsRepository({ sql: db.sql, keptFrom: { character: 2, other: 3 } });
  await storeSpreadCopies({ firstId: FIRST_ID + 10_000, groups: 3 });
  await createTotalsRepository({ sql: db.sql }).refreshEntityTotals();
  const result = await tops.refreshEntityTops();
  expect(result).toMatchObject({ killmails: 24, full: false });
  expect(result!.promoted).toBeGreaterThan(5);
  expect(await listMismatches({ character: 2, other: 3 })).toMatchObject({ mismatches: [] });
  // Nothing new: nothing added again.
  expect(await tops.refreshEntityTops()).toMatchObject({ killmails: 0, promoted: 0 });
  expect(await listMismatches({ character: 2, other: 3 })).toMatchObject({ mismatches: [] });
});

test("the page's heatmap is the stored one for a kept scope and the live one for a small party", async () => {
  const now = new Date();
  const [busy] = await db.sql<Scope[]>`select entity_kind as kind, entity_id::int as id from entity_activity
    where entity_kind = 'region' group by 1, 2 order by sum(cells[1] + cells[100]) desc limit 1`;
  await db.sql`update entity_activity set cells[1] = cells[1] + 1000 where entity_kind = ${busy!.kind} and entity_id = ${busy!.id}`;
  const stored = await loadActivity({ sql: db.sql, scope: busy!, now });
  expect(stored.find((cell) => cell.dow === 0 && cell.hour === 0)!.kills).toBeGreaterThanOrEqual(1000);
  // A kill of today from the last killmails, which no copy repeats: some of its pilots are on nothing else.
  await storeCopies({ sql: db.sql, records: readFixture().slice(-6), firstId: FIRST_ID + 20_000, time: now });
  const [small] = await db.sql<Scope[]>`select i.entity_kind as kind, i.entity_id::int as id from killmail_involvement i
    where i.killmail_id >= ${FIRST_ID + 20_000} and i.entity_kind = 'character' and not i.is_victim and not exists (
      select 1 from entity_tops_kept k where k.entity_kind = i.entity_kind and k.entity_id = i.entity_id) limit 1`;
  const live = await loadActivity({ sql: db.sql, scope: small!, now });
  expect(live.length).toBeGreaterThan(0);
  expect(sorted(live)).toEqual(sorted(await createStatsRepository({ sql: db.sql }).activity({ scope: small!, since: activitySince(now) })));
});
