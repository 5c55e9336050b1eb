import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Context } from "hono";
import { loadUniverseNames } from "../universe/universe.names.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { loadKillmailPage } from "./killmail.lists.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase({ max: 2 });
});
afterAll(() => db.drop());

/** A first page (no `after`), as Hono hands it over. */
const firstPage = { req: { query: () => undefined, url: "http://board.example/kills/" } } as unknown as Context;

test("a first page reads the live head only when its filter is one a subscription can say", async () => {
  const heads: number[] = [];
  const live = { socketPort: 3001, readHead: async () => (heads.push(7), 7) };
  const deps = { sql: db.sql, universe: await loadUniverseNames({ sql: db.sql }), live };
  const still = await loadKillmailPage({ c: firstPage, deps, filter: { since: new Date(0) } });
  expect(still.live).toBeNull();
  expect(heads).toEqual([]);
  const following = await loadKillmailPage({ c: firstPage, deps, filter: {} });
  expect(following.live).toMatchObject({ filter: "{}", after: 7 });
  expect(heads).toEqual([7]);
});
