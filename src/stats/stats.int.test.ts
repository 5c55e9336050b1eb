import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { seedDatabase } from "../../test/e2e/seed.ts";
import { createStatsRepository, type Scope } from "./stats.repository.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDatabase({ sql: db.sql });
}, 60_000);
afterAll(() => db.drop());

test("an entity the totals do not know yet is aggregated live", async () => {
  const summary = await createStatsRepository({ sql: db.sql }).summarize({ scope: { kind: "character", id: 1 } });
  expect(summary.shipsDestroyed).toBe(0);
});

test("the live aggregate equals entity_totals for every entity and place of the real killmails", async () => {
  const stats = createStatsRepository({ sql: db.sql });
  const stored = await db.sql<{ entityKind: Scope["kind"]; entityId: number }[]>`select entity_kind, entity_id from entity_totals`;
  expect(stored.length).toBeGreaterThan(1000);
  // Rounded: the same float sums may be added in another order by the two plans.
  const rounded = (summary: Awaited<ReturnType<typeof stats.summarizeLive>>) =>
    ({ ...summary, iskDestroyed: Math.round(summary.iskDestroyed), iskLost: Math.round(summary.iskLost), avgGangSize: Math.round(summary.avgGangSize * 1e6) });
  const mismatches: string[] = [];
  for (let start = 0; start < stored.length; start += 50) {
    await Promise.all(stored.slice(start, start + 50).map(async ({ entityKind, entityId }) => {
      const scope = { kind: entityKind, id: entityId };
      const [live, kept] = await Promise.all([stats.summarizeLive({ scope }), stats.summarizeStored({ scope })]);
      if (JSON.stringify(rounded(live)) !== JSON.stringify(rounded(kept!))) mismatches.push(`${entityKind}:${entityId}`);
    }));
  }
  expect(mismatches).toEqual([]);
});
