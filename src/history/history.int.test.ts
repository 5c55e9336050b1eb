import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { readFixture, seedDatabase } from "../../test/e2e/seed.ts";
import { storeCopies } from "../../test/support/rollups.ts";
import { DAY_MS } from "../app/time.ts";
import { refreshDailyOfKillmails } from "./history.daily.repository.ts";
import { correctRecentHistory, refreshHistory } from "./history.usecases.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
  // Stores the real killmails and fills entity_daily, entity_monthly and entity_yearly for the first time.
  await seedDatabase({ sql: db.sql });
}, 60_000);
afterAll(() => db.drop());

type Figures = { kills: number; losses: number; iskDestroyed: number; iskLost: number; points: number; pointsLost: number; soloKills: number; soloLosses: number };
type Row = Figures & { kind: string; id: number; period: string };
const FIGURES = ["kills", "losses", "iskDestroyed", "iskLost", "points", "pointsLost", "soloKills", "soloLosses"] as const;
const GRAIN = { day: "YYYY-MM-DD", month: "YYYY-MM", year: "YYYY" } as const;

/**
 * The figures per entity and period straight from the killmails, written apart from the repository's SQL: every
 * involvement row is a side of one killmail, every killmail a kill of its system, constellation and region.
 */
function liveAggregate(grain: keyof typeof GRAIN) {
  return db.sql<Row[]>`
    with sides as (
      select i.entity_kind as kind, i.entity_id as id, i.is_victim, k.killmail_time, k.total_value, k.points, k.solo
      from killmail_involvement i join killmails k using (killmail_id, killmail_time)
      union all
      select place.kind, place.id, false, k.killmail_time, k.total_value, k.points, k.solo from killmails k
      cross join lateral (values ('system', k.solar_system_id::bigint), ('constellation', k.constellation_id::bigint), ('region', k.region_id::bigint)) as place(kind, id)
      where place.id is not null)
    select kind, id, to_char(killmail_time at time zone 'UTC', ${GRAIN[grain]}) as period,
      sum(case when is_victim then 0 else 1 end)::int as kills, sum(case when is_victim then 1 else 0 end)::int as losses,
      sum(case when is_victim then 0 else total_value end)::float8 as isk_destroyed, sum(case when is_victim then total_value else 0 end)::float8 as isk_lost,
      sum(case when is_victim then 0 else points end)::float8 as points, sum(case when is_victim then points else 0 end)::float8 as points_lost,
      sum(case when not is_victim and solo then 1 else 0 end)::int as solo_kills, sum(case when is_victim and solo then 1 else 0 end)::int as solo_losses
    from sides group by 1, 2, 3`;
}

const figures = (t: typeof db.sql) => t`kills::int, losses::int, isk_destroyed::float8, isk_lost::float8, points::float8, points_lost::float8,
  solo_kills::int, solo_losses::int`;

const stored = {
  day: () => db.sql<Row[]>`select entity_kind as kind, entity_id as id, to_char(day, 'YYYY-MM-DD') as period, ${figures(db.sql)} from entity_daily`,
  month: () => db.sql<Row[]>`select entity_kind as kind, entity_id as id, to_char(month, 'YYYY-MM') as period, ${figures(db.sql)} from entity_monthly`,
  year: () => db.sql<Row[]>`select entity_kind as kind, entity_id as id, year::text as period, ${figures(db.sql)} from entity_yearly`,
};

/** Days summed into months: the months a refresh wrote must equal this, not only the live aggregate. */
const daysSummedByMonth = () => db.sql<Row[]>`
  select entity_kind as kind, entity_id as id, to_char(day, 'YYYY-MM') as period, sum(kills)::int as kills, sum(losses)::int as losses,
    sum(isk_destroyed)::float8 as isk_destroyed, sum(isk_lost)::float8 as isk_lost, sum(points)::float8 as points, sum(points_lost)::float8 as points_lost,
    sum(solo_kills)::int as solo_kills, sum(solo_losses)::int as solo_losses
  from entity_daily group by 1, 2, 3`;

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Keys of either side that are missing from the other or differ in any figure. */
function diff(expected: Row[], actual: Row[]) {
  const key = (row: Row) => `${row.kind}:${row.id}:${row.period}`;
  const byKey = new Map(actual.map((row) => [key(row), row]));
  const mismatches = expected.filter((row) => {
    const other = byKey.get(key(row));
    byKey.delete(key(row));
    return !other || FIGURES.some((figure) => !close(row[figure], other[figure]));
  }).map(key);
  return [...mismatches, ...[...byKey.keys()].map((k) => `${k} (extra)`)];
}

async function listMismatches() {
  const [liveDays, liveMonths, liveYears, days, months, years, summed] = await Promise.all([
    liveAggregate("day"), liveAggregate("month"), liveAggregate("year"), stored.day(), stored.month(), stored.year(), daysSummedByMonth(),
  ]);
  return { days: diff(liveDays, days), months: diff(liveMonths, months), years: diff(liveYears, years), summed: diff(summed, months), rows: days.length };
}

const NONE = { days: [], months: [], years: [], summed: [] };

test("the first fill's days, months and years equal the live aggregate of every entity and place, and each month is the sum of its days", async () => {
  const result = await listMismatches();
  expect(result.rows).toBeGreaterThan(1000);
  expect(result).toMatchObject(NONE);
});

test("a refresh after new kills, late ones for old days and one committed late among them, recomputes only their days and counts each once", async () => {
  const records = readFixture();
  await db.sql`update killmails set stored_at = now() - interval '1 hour'`;
  await db.sql`update rollup_watermarks set stored_through = now() - interval '30 minutes' where name = 'entity_daily'`;
  // Copies keep their original (old) days: those days of the same people and places must now count twice as much.
  await storeCopies({ sql: db.sql, records: records.slice(0, 3), firstId: 995_000_001 });
  await storeCopies({ sql: db.sql, records: records.slice(3, 4), firstId: 995_100_001, time: new Date(Date.UTC(2004, 5, 15, 12)) });
  await storeCopies({ sql: db.sql, records: records.slice(4, 5), firstId: 995_200_001, time: new Date(Date.now() - DAY_MS) });
  await storeCopies({ sql: db.sql, records: records.slice(5, 6), firstId: 995_300_001 });
  await db.sql`update killmails set stored_at = (select stored_through from rollup_watermarks where name = 'entity_daily') - interval '1 minute'
    where killmail_id = 995300001`;
  const [row] = await db.sql<{ count: number }[]>`select count(*)::int as count from entity_daily`;
  const before = row!.count;

  const first = await refreshHistory({ sql: db.sql });
  expect(first).toMatchObject({ full: false });
  expect(first!.pairs).toBeGreaterThan(0);
  expect(first!.pairs).toBeLessThan(before / 4);
  expect(await listMismatches()).toMatchObject(NONE);
  const [june2004] = await db.sql<{ count: number }[]>`select count(*)::int as count from entity_monthly where month = '2004-06-01'`;
  expect(june2004!.count).toBeGreaterThan(3);

  // Five of them (not the one stamped before the last refresh) are inside the next window's look-back: recomputed, not added again.
  const [days, months] = await Promise.all([stored.day(), stored.month()]);
  const second = await refreshHistory({ sql: db.sql });
  expect(second!.pairs).toBeGreaterThan(0);
  expect(await listMismatches()).toMatchObject(NONE);
  expect(diff(days, await stored.day())).toEqual([]);
  expect(diff(months, await stored.month())).toEqual([]);
});

test("the daily correction restores recent days and months whatever changed them", async () => {
  const now = new Date();
  const yesterday = new Date(now.getTime() - DAY_MS).toISOString().slice(0, 10);
  const corrupted = await db.sql`update entity_daily set kills = kills + 5 where day = ${yesterday}::date`;
  expect(corrupted.count).toBeGreaterThan(0);
  await db.sql`update entity_monthly set losses = losses + 7 where month = date_trunc('month', ${yesterday}::date)::date`;
  expect((await listMismatches()).days.length).toBeGreaterThan(0);
  await correctRecentHistory({ sql: db.sql, now });
  expect(await listMismatches()).toMatchObject(NONE);
});

test("a revalued killmail's days, months and years are recomputed in the revalue's transaction", async () => {
  const [kill] = await db.sql<{ killmailId: number; killmailTime: Date }[]>`
    select killmail_id, killmail_time from killmails where total_value > 0 order by killmail_id limit 1`;
  await db.sql.begin(async (tx) => {
    const t = tx as unknown as typeof db.sql;
    await t`update killmails set total_value = total_value * 3 where killmail_id = ${kill!.killmailId}`;
    await refreshDailyOfKillmails(t, { killmails: [kill!] });
  });
  expect(await listMismatches()).toMatchObject(NONE);
});
