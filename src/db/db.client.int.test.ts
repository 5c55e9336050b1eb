/** serve's pools plan without parallel workers (createSql's `parallel: false`); other roles keep PostgreSQL's default. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { createSql, type Sql } from "./db.client.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.sql`create table parallel_probe as select n from generate_series(1, 50000) n`;
  await db.sql`analyze parallel_probe`;
});
afterAll(() => db?.drop());

/** The plan of a count over the table, with parallel workers made free so a planner allowed them picks them. */
async function planOf(sql: Sql) {
  return sql.begin(async (tx) => {
    await tx`set local parallel_setup_cost = 0`;
    await tx`set local parallel_tuple_cost = 0`;
    await tx`set local min_parallel_table_scan_size = 0`;
    const rows = await tx.unsafe<{ "QUERY PLAN": string }[]>("explain select count(*) from parallel_probe");
    return rows.map((row) => Object.values(row)[0]).join("\n");
  });
}

test("a pool made with parallel: false never plans parallel workers; a default pool does when they pay", async () => {
  const serial = createSql({ url: db.url, max: 1, parallel: false });
  const usual = createSql({ url: db.url, max: 1 });
  try {
    expect(await planOf(usual)).toContain("Gather");
    expect(await planOf(serial)).not.toContain("Gather");
  } finally {
    await Promise.all([serial.end(), usual.end()]);
  }
});
