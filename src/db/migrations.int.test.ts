import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createEmptyDatabase } from "../../test/support/database.ts";
import { createSql } from "./db.client.ts";
import { migrateDatabase } from "./migrations.usecases.ts";
import { migrationFiles } from "../../migrations/index.ts";

describe("migrateDatabase", () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  beforeAll(async () => {
    database = await createEmptyDatabase();
  });
  afterAll(() => database.drop());

  test("applies every migration once, even when two runners start together", async () => {
    const first = createSql({ url: database.url, max: 1 });
    const second = createSql({ url: database.url, max: 1 });
    const [a, b] = await Promise.all([migrateDatabase({ sql: first }), migrateDatabase({ sql: second })]);
    expect(a.applied.length + b.applied.length).toBe(Object.keys(migrationFiles).length);
    const rows = await first<{ id: number }[]>`select id from schema_migrations order by id`;
    expect(rows.map((row) => row.id)).toEqual(Object.keys(migrationFiles).map((_, index) => index + 1));
    const again = await migrateDatabase({ sql: first });
    expect(again.applied).toEqual([]);
    await Promise.all([first.end(), second.end()]);
  });

  test("a failing migration leaves nothing applied", async () => {
    const sql = createSql({ url: database.url, max: 1 });
    const files = { ...migrationFiles, "00099_broken.sql": "select 1" };
    await expect(migrateDatabase({ sql, files })).rejects.toThrow(/without gaps/);
    const next = String(Object.keys(migrationFiles).length + 1).padStart(5, "0");
    const broken = { ...migrationFiles, [`${next}_broken.sql`]: "create table ok_table (id int); select * from missing_table;" };
    await expect(migrateDatabase({ sql, files: broken })).rejects.toThrow(/missing_table/);
    const [row] = await sql<{ exists: boolean }[]>`select to_regclass('ok_table') is not null as exists`;
    expect(row?.exists).toBe(false);
    await sql.end();
  });
});
