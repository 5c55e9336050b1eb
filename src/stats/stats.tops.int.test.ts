import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { seedDatabase } from "../../test/e2e/seed.ts";
import { storeAfterLastRefresh } from "../../test/support/rollups.ts";
import { createStatsRepository, type Scope } from "./stats.repository.ts";
import { createTopsRepository, type TopList } from "./stats.tops.repository.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
  // Stores the real killmails and fills entity_tops for the first time.
  await seedDatabase({ sql: db.sql });
}, 60_000);
afterAll(() => db.drop());

const LIMIT = 5;

function liveTop({ scope, list }: { scope: Scope; list: TopList }) {
  const stats = createStatsRepository({ sql: db.sql });
  if (list === "shipsUsed") return stats.topShips({ scope, lost: false, limit: LIMIT });
  if (list === "shipsLost") return stats.topShips({ scope, lost: true, limit: LIMIT });
  if (list === "opponents") return stats.topOpponents({ scope, kind: "corporation", limit: LIMIT });
  return stats.topSystems({ scope, limit: LIMIT });
}

/**
 * The scopes whose kept top lists differ from the live aggregate: every kind's 40 busiest entities and places
 * (entity_totals holds them all) and every 10th of the rest, so both long lists and one-kill pilots are checked.
 */
async function listMismatches() {
  const tops = createTopsRepository({ sql: db.sql });
  const scopes = await db.sql<{ kind: Scope["kind"]; id: number }[]>`
    select kind, id from (
      select entity_kind as kind, entity_id::int as id,
        row_number() over (partition by entity_kind order by kills + losses desc, entity_id) as rank from entity_totals) x
    where rank <= 40 or rank % 10 = 0`;
  const mismatches: string[] = [];
  let rows = 0;
  for (let start = 0; start < scopes.length; start += 50) {
    await Promise.all(scopes.slice(start, start + 50).map(async (scope) => {
      for (const list of ["shipsUsed", "shipsLost", "opponents", "systems"] as const) {
        const [live, kept] = await Promise.all([liveTop({ scope, list }), tops.top({ scope, list, limit: LIMIT })]);
        rows += kept.length;
        if (JSON.stringify(live) !== JSON.stringify(kept)) mismatches.push(`${scope.kind}:${scope.id}:${list}`);
      }
    }));
  }
  return { mismatches, scopes: scopes.length, rows };
}

test("the first fill's all-time top lists equal the live aggregates for the busiest and a tenth of the other entities and places", async () => {
  const { mismatches, scopes, rows } = await listMismatches();
  expect(scopes).toBeGreaterThan(300);
  expect(rows).toBeGreaterThan(scopes);
  expect(mismatches).toEqual([]);
});

test("refreshes add new kills once, also those in two windows in a row or committed late", async () => {
  const tops = createTopsRepository({ sql: db.sql });
  await storeAfterLastRefresh({ sql: db.sql, watermark: "entity_tops", firstId: 994_000_001 });
  const first = await tops.refreshEntityTops();
  expect(first).toMatchObject({ killmails: 4, full: false });
  expect(await listMismatches()).toMatchObject({ mismatches: [] });
  // The same four are inside the next window's look-back: marked counted, they are not added again.
  const second = await tops.refreshEntityTops();
  expect(second).toMatchObject({ killmails: 0, rows: 0 });
  expect(await listMismatches()).toMatchObject({ mismatches: [] });
});

test("marks older than the look-back are pruned", async () => {
  await db.sql`update entity_tops_counted set stored_at = now() - interval '1 hour'`;
  await createTopsRepository({ sql: db.sql }).refreshEntityTops();
  const [row] = await db.sql<{ count: number }[]>`select count(*)::int as count from entity_tops_counted`;
  expect(row!.count).toBe(0);
});
