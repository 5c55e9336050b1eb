import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { seedDatabase } from "../../test/e2e/seed.ts";
import { storeCopies } from "../../test/support/rollups.ts";
import { readFixture } from "../../test/e2e/seed.ts";
import { compactClosedMonths, COMPACT_AFTER_DAYS } from "../cron/cron.maintenance.ts";
import { DAY_MS } from "../app/time.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const NOW = new Date(Date.UTC(2026, 11, 2, 12));
const live = () => new AbortController().signal;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDatabase({ sql: db.sql });
  // Kills of this month (2026-12) and of the month that ended a day before NOW's window: neither is due.
  await storeCopies({ sql: db.sql, records: readFixture().slice(0, 3), firstId: 998_000_001, time: new Date(Date.UTC(2026, 11, 1, 10)) });
  await storeCopies({ sql: db.sql, records: readFixture().slice(0, 3), firstId: 998_000_101, time: new Date(Date.UTC(2026, 10, 30, 10)) });
}, 60_000);
afterAll(() => db.drop());

const filenodes = () => db.sql<{ name: string; filenode: number }[]>`
  select c.relname as name, c.relfilenode::int as filenode from pg_index x join pg_class c on c.oid = x.indexrelid
  join pg_class t on t.oid = x.indrelid where t.relname ~ '^killmail(s|_attackers|_items|_involvement)_[0-9]{6}$'`;

test("a closed month's partitions get every index rebuilt once; open and just-closed months wait", async () => {
  const before = new Map((await filenodes()).map((row) => [row.name, row.filenode]));
  const first = await compactClosedMonths({ sql: db.sql, now: NOW, signal: live() });
  const months = await db.sql<{ month: string }[]>`select distinct right(partition_name, 6) as month from partition_compactions order by 1`;
  // November closed 1 day before NOW, under COMPACT_AFTER_DAYS: still open for late kills, like December.
  expect(COMPACT_AFTER_DAYS).toBeGreaterThan(1);
  expect(months.map((row) => row.month)).not.toContain("202611");
  expect(months.map((row) => row.month)).not.toContain("202612");
  expect(months.length).toBeGreaterThan(20);
  expect(first.compacted).toBe(first.due);
  expect(first.compacted).toBe(months.length * 4);
  const after = await filenodes();
  const rebuilt = after.filter((row) => before.get(row.name) !== row.filenode).map((row) => row.name);
  const waiting = after.filter((row) => /_2026(11|12)_/.test(row.name)).map((row) => row.name);
  expect(waiting.length).toBeGreaterThan(0);
  expect(rebuilt.some((name) => waiting.includes(name))).toBe(false);
  expect(rebuilt.length).toBe(after.length - waiting.length);
  // The rebuilt indexes still answer: a kill of a compacted month is found through them.
  const [found] = await db.sql`select count(*)::int as count from killmail_involvement where entity_kind = 'character'
    and entity_id = (select victim_character_id from killmails where killmail_time < '2020-01-01' and victim_character_id is not null limit 1)`;
  expect(found!.count).toBeGreaterThan(0);
});

test("a second run compacts nothing; November's turn comes once it has been closed long enough", async () => {
  expect(await compactClosedMonths({ sql: db.sql, now: NOW, signal: live() })).toMatchObject({ due: 0, compacted: 0 });
  const later = await compactClosedMonths({ sql: db.sql, now: new Date(NOW.getTime() + COMPACT_AFTER_DAYS * DAY_MS), signal: live() });
  expect(later).toMatchObject({ due: 4, compacted: 4 });
});

test("a stopped job leaves the rest for the next run", async () => {
  await db.sql`delete from partition_compactions`;
  const stopped = new AbortController();
  stopped.abort();
  const result = await compactClosedMonths({ sql: db.sql, now: NOW, signal: stopped.signal });
  expect(result.compacted).toBe(0);
  expect(result.due).toBeGreaterThan(0);
});
