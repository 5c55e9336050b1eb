import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { copyRows, toCsvField } from "./db.copy.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.sql`create table copy_probe (id bigint not null, name text, flag boolean, tags text[], body json, at timestamptz, ratio double precision)`;
}, 60_000);
afterAll(() => db.drop());

test("fields that need quoting round-trip, and NULL stays apart from the empty string", async () => {
  const awkward = ['a "quoted", name', "line\nbreak\r", "", "back\\slash", "Ωmega ñandú 🙂"];
  const rows = awkward.map((name, index) => ({
    id: index, name, flag: index % 2 === 0, tags: [name, "plain", 'x"y'], body: { name, nested: [1, null] },
    at: new Date(Date.UTC(2026, 0, index + 1)).toISOString(), ratio: index / 3,
  }));
  rows.push({ id: 99, name: null as never, flag: null as never, tags: null as never, body: null as never, at: null as never, ratio: null as never });
  await db.sql.begin((t) => copyRows(t as never, "copy_probe", rows));
  const stored = await db.sql<{ id: number; name: string | null; flag: boolean | null; tags: string[] | null; body: unknown; at: Date | null; ratio: number | null }[]>`
    select * from copy_probe order by id`;
  expect(stored.map((row) => row.name)).toEqual([...awkward, null]);
  expect(stored.map((row) => row.tags)).toEqual([...awkward.map((name) => [name, "plain", 'x"y']), null]);
  expect(stored.map((row) => row.body)).toEqual([...awkward.map((name) => ({ name, nested: [1, null] })), null]);
  expect(stored.map((row) => row.flag)).toEqual([true, false, true, false, true, null]);
  expect(stored.map((row) => row.at?.toISOString() ?? null)).toEqual([...rows.slice(0, -1).map((row) => row.at), null]);
  expect(stored.map((row) => row.ratio)).toEqual(rows.map((row) => row.ratio));
});

test("a row the table refuses fails the copy with PostgreSQL's error, and the transaction keeps none of its rows", async () => {
  await db.sql`truncate copy_probe`;
  const rows = Array.from({ length: 5_000 }, (_, index) => ({ id: index === 4_321 ? null : index, name: `row ${index}` }));
  const failed = db.sql.begin((t) => copyRows(t as never, "copy_probe", rows));
  await expect(failed).rejects.toThrow(/null value in column "id"/);
  const [row] = await db.sql<{ count: number }[]>`select count(*)::int as count from copy_probe`;
  expect(row!.count).toBe(0);
  // The connection went back to the pool rolled back, not left idle in an aborted transaction.
  const aborted = await db.sql`select 1 from pg_stat_activity where datname = current_database() and state = 'idle in transaction (aborted)'`;
  expect(aborted.length).toBe(0);
});

test("an empty field is quoted so it is not read as NULL", () => {
  expect(toCsvField("")).toBe('""');
  expect(toCsvField(null)).toBe("");
  expect(toCsvField(12.5)).toBe("12.5");
});
