import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { seedDatabase } from "../../test/e2e/seed.ts";
import { createStatsRepository, type Scope } from "./stats.repository.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let seeded: Awaited<ReturnType<typeof seedDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
  seeded = await seedDatabase({ sql: db.sql });
}, 60_000);
afterAll(() => db.drop());

test("the stored all-time summary equals the live aggregate, for entities and places", async () => {
  const stats = createStatsRepository({ sql: db.sql });
  const record = seeded.records.find((r) => r.esi.victim.alliance_id)!;
  const scopes: Scope[] = [
    { kind: "character", id: seeded.hostileCharacterId }, { kind: "alliance", id: record.esi.victim.alliance_id },
    { kind: "ship", id: record.esi.victim.ship_type_id }, { kind: "system", id: record.esi.solar_system_id },
    { kind: "region", id: 10000002 },
  ];
  for (const scope of scopes) {
    const stored = await stats.summarizeStored({ scope });
    expect(stored).not.toBeNull();
    const live = await stats.summarizeLive({ scope });
    expect({ ...stored!, avgGangSize: Math.round(stored!.avgGangSize * 1e6) }).toEqual({ ...live, avgGangSize: Math.round(live.avgGangSize * 1e6) });
  }
});

test("an entity the totals do not know yet is aggregated live", async () => {
  const summary = await createStatsRepository({ sql: db.sql }).summarize({ scope: { kind: "character", id: 1 } });
  expect(summary.shipsDestroyed).toBe(0);
});
