import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { readFixture, seedDatabase } from "../../test/e2e/seed.ts";
import { storeAfterLastRefresh, storeCopies } from "../../test/support/rollups.ts";
import { daysBefore, startOfUtcDay } from "../app/time.ts";
import { createStatsRepository, type Scope } from "./stats.repository.ts";
import type { TopList } from "./stats.models.ts";
import { createTopsRepository, type KeptFrom } from "./stats.tops.repository.ts";

/** Low enough that the 121 real killmails give both kept parties and parties aggregated live, pilots apart. */
const KEPT_FROM = { character: 2, other: 5 };
const EVERY_PARTY_FROM_2 = { character: 2, other: 2 };
let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDatabase({ sql: db.sql });
  // entity_tops filled for the first time, at this test's threshold.
  await db.sql`delete from rollup_watermarks where name = 'entity_tops'`;
  await createTopsRepository({ sql: db.sql, keptFrom: KEPT_FROM }).refreshEntityTops();
}, 60_000);
afterAll(() => db.drop());

const LIMIT = 5;

function liveTop({ scope, list, since }: { scope: Scope; list: TopList; since?: Date }) {
  const stats = createStatsRepository({ sql: db.sql });
  if (list === "shipsUsed") return stats.topShips({ scope, lost: false, since, limit: LIMIT });
  if (list === "shipsLost") return stats.topShips({ scope, lost: true, since, limit: LIMIT });
  if (list === "opponents") return stats.topOpponents({ scope, kind: "corporation", since, limit: LIMIT });
  return stats.topSystems({ scope, since, limit: LIMIT });
}

const PLACES = ["system", "constellation", "region"];

/**
 * The scopes whose kept top lists differ from the live aggregate, and those kept or not against the threshold:
 * every kind's 40 busiest entities and places (entity_totals holds them all) and every 10th of the rest, so both
 * long lists and one-kill pilots are checked. A scope not kept must have no rows (its page aggregates live).
 */
async function listMismatches(keptFrom: KeptFrom = KEPT_FROM) {
  const tops = createTopsRepository({ sql: db.sql, keptFrom });
  const scopes = await db.sql<{ kind: Scope["kind"]; id: number; activity: number }[]>`
    select kind, id, activity from (
      select entity_kind as kind, entity_id::int as id, (kills + losses)::int as activity,
        row_number() over (partition by entity_kind order by kills + losses desc, entity_id) as rank from entity_totals) x
    where rank <= 40 or rank % 10 = 0`;
  const mismatches: string[] = [];
  let rows = 0;
  let kept = 0;
  for (let start = 0; start < scopes.length; start += 50) {
    await Promise.all(scopes.slice(start, start + 50).map(async ({ activity, ...scope }) => {
      const isKept = await tops.isKept({ scope });
      kept += Number(isKept);
      const threshold = scope.kind === "character" ? keptFrom.character : keptFrom.other;
      if (isKept !== (PLACES.includes(scope.kind) || activity >= threshold)) mismatches.push(`${scope.kind}:${scope.id}:kept=${isKept}`);
      const { allTime } = await tops.keptLists({ scope, since: new Date(), limit: LIMIT });
      for (const list of ["shipsUsed", "shipsLost", "opponents", "systems"] as const) {
        const live = await liveTop({ scope, list });
        rows += allTime[list].length;
        if (JSON.stringify(isKept ? live : []) !== JSON.stringify(allTime[list])) mismatches.push(`${scope.kind}:${scope.id}:${list}`);
      }
    }));
  }
  return { mismatches, scopes: scopes.length, kept, rows };
}

test("the first fill keeps lists for places and busy parties only, equal to the live aggregates, for the busiest and a tenth of the others", async () => {
  const { mismatches, scopes, kept, rows } = await listMismatches();
  expect(scopes).toBeGreaterThan(300);
  expect(kept).toBeGreaterThan(50);
  expect(kept).toBeLessThan(scopes - 100);
  expect(rows).toBeGreaterThan(kept);
  expect(mismatches).toEqual([]);
});

test("a party reaching the threshold is promoted: its lists are counted whole, once", async () => {
  const tops = createTopsRepository({ sql: db.sql, keptFrom: EVERY_PARTY_FROM_2 });
  const result = await tops.refreshEntityTops();
  expect(result!.promoted).toBeGreaterThan(20);
  expect(await listMismatches(EVERY_PARTY_FROM_2)).toMatchObject({ mismatches: [] });
  // Promoted once: a refresh with nothing new changes nothing.
  expect(await tops.refreshEntityTops()).toMatchObject({ killmails: 0, rows: 0, promoted: 0 });
  expect(await listMismatches(EVERY_PARTY_FROM_2)).toMatchObject({ mismatches: [] });
});

test("refreshes add new kills once, also those in two windows in a row or committed late", async () => {
  const tops = createTopsRepository({ sql: db.sql, keptFrom: EVERY_PARTY_FROM_2 });
  await storeAfterLastRefresh({ sql: db.sql, watermark: "entity_tops", firstId: 994_000_001 });
  const first = await tops.refreshEntityTops();
  expect(first).toMatchObject({ killmails: 4, full: false });
  expect(await listMismatches(EVERY_PARTY_FROM_2)).toMatchObject({ mismatches: [] });
  // The same four are inside the next window's look-back: marked counted, they are not added again.
  const second = await tops.refreshEntityTops();
  expect(second).toMatchObject({ killmails: 0, rows: 0 });
  expect(await listMismatches(EVERY_PARTY_FROM_2)).toMatchObject({ mismatches: [] });
});

test("the week's lists of kept scopes, counted by day, equal the live aggregates over the same days; older days are pruned", async () => {
  const tops = createTopsRepository({ sql: db.sql, keptFrom: EVERY_PARTY_FROM_2 });
  const now = new Date();
  // Today's kills: a seeded pilot's lists then hold both, the older ones by the fresh pass and new ones by promotion.
  await storeCopies({ sql: db.sql, records: readFixture().slice(0, 6), firstId: 995_000_001, time: now });
  await db.sql`insert into entity_tops_daily values ('system', 30000142, 4, current_date - 30, 30000142, 1)`;
  expect(await tops.refreshEntityTops()).toMatchObject({ killmails: 6 });
  const since = startOfUtcDay(daysBefore(now, 7));
  const scopes = await db.sql<{ kind: Scope["kind"]; id: number }[]>`
    select distinct i.entity_kind as kind, i.entity_id::int as id from killmail_involvement i
    where i.killmail_id between 995000001 and 995000006
    union select 'system', solar_system_id from killmails where killmail_id between 995000001 and 995000006`;
  const mismatches: string[] = [];
  let kept = 0;
  for (const scope of scopes) {
    if (!(await tops.isKept({ scope }))) continue;
    kept++;
    const { week } = await tops.keptLists({ scope, since, limit: LIMIT });
    for (const list of ["shipsUsed", "shipsLost", "opponents", "systems"] as const) {
      const live = await liveTop({ scope, list, since });
      if (JSON.stringify(live) !== JSON.stringify(week[list])) mismatches.push(`${scope.kind}:${scope.id}:${list}`);
    }
  }
  expect(kept).toBeGreaterThan(20);
  expect(mismatches).toEqual([]);
  const [old] = await db.sql<{ count: number }[]>`select count(*)::int as count from entity_tops_daily where day < current_date - 7`;
  expect(old!.count).toBe(0);
});

test("marks older than the look-back are pruned", async () => {
  await db.sql`update entity_tops_counted set stored_at = now() - interval '1 hour'`;
  await createTopsRepository({ sql: db.sql, keptFrom: EVERY_PARTY_FROM_2 }).refreshEntityTops();
  const [row] = await db.sql<{ count: number }[]>`select count(*)::int as count from entity_tops_counted`;
  expect(row!.count).toBe(0);
});

test("a full refill leaves pages reading the previous lists while it runs, never waiting on it, and ends equal to the live aggregates", async () => {
  const tops = createTopsRepository({ sql: db.sql, keptFrom: EVERY_PARTY_FROM_2 });
  const read = () => db.sql.begin(async (t) => {
    // A page that had to wait for the fill fails here instead of hanging.
    await t`set local lock_timeout = '50ms'`;
    const [row] = await t<{ heads: number; kept: number; days: number }[]>`
      select (select count(*) from entity_tops_head)::int as heads, (select count(*) from entity_tops_kept)::int as kept,
        (select count(*) from entity_tops_daily)::int as days`;
    return row!;
  });
  const before = await read();
  expect(before.heads).toBeGreaterThan(100);
  await db.sql`delete from rollup_watermarks where name = 'entity_tops'`;
  let done = false;
  const fill = tops.refreshEntityTops().finally(() => (done = true));
  const during: (typeof before)[] = [];
  while (!done) {
    const seen = await read();
    if (!done) during.push(seen);
  }
  expect(await fill).toMatchObject({ full: true });
  // Each read saw the old lists, or, read as the fill committed, the new ones: never empty or half-filled lists.
  const after = await read();
  expect(during.length).toBeGreaterThan(2);
  expect(during.filter((seen) => Bun.deepEquals(seen, before)).length).toBeGreaterThan(2);
  expect(during.filter((seen) => !Bun.deepEquals(seen, before) && !Bun.deepEquals(seen, after))).toEqual([]);
  expect(await listMismatches(EVERY_PARTY_FROM_2)).toMatchObject({ mismatches: [] });
});
