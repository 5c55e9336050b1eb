import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { seedDatabase } from "../../test/e2e/seed.ts";
import { createKillmailReadRepository } from "../killmails/killmail.read.repository.ts";
import { toZkbKillmailJson } from "./zkb.models.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDatabase({ sql: db.sql });
  // A killmail without a hash (a manual post) and one without a location: both branches of the zkb block.
  await db.sql`update killmails set hash = null where killmail_id = (select min(killmail_id) from killmails)`;
}, 60_000);
afterAll(() => db.drop());

test("the API elements PostgreSQL builds are the ones toZkbKillmailJson builds from the rows, for every seeded kill", async () => {
  const reads = createKillmailReadRepository({ sql: db.sql });
  const [rows, built] = await Promise.all([
    reads.listKillmailsForApi({ filter: { limit: 1000 } }), reads.listKillmailJsonForApi({ filter: { limit: 1000 } }),
  ]);
  expect(built.length).toBe(rows.length);
  expect(rows.length).toBeGreaterThan(120);
  expect(rows.some((row) => row.locationId === null)).toBe(true);
  expect(rows.some((row) => row.locationId !== null)).toBe(true);
  expect(rows.some((row) => row.hash === null)).toBe(true);
  for (const [index, row] of rows.entries()) {
    expect(built[index]!.killmailId).toBe(row.killmailId);
    expect(built[index]!.killmailTime).toEqual(row.killmailTime);
    expect(JSON.parse(built[index]!.apiJson)).toEqual(JSON.parse(toZkbKillmailJson(row)));
  }
});
