import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { readFixture, seedDatabase } from "../../test/e2e/seed.ts";
import { storeAfterLastRefresh } from "../../test/support/rollups.ts";
import { busiestAttackingCorporation } from "../../test/support/board.ts";
import { createStatsRepository, type Scope } from "./stats.repository.ts";
import { createTotalsRepository } from "./stats.totals.repository.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDatabase({ sql: db.sql });
}, 60_000);
afterAll(() => db.drop());

type Summary = Awaited<ReturnType<ReturnType<typeof createStatsRepository>["summarizeLive"]>>;

/** Equal figure by figure, floats within a relative 1e-9: two plans may add the same values in another order. */
const sameSummary = (a: Summary, b: Summary) =>
  (Object.keys(a) as (keyof Summary)[]).every((key) => Math.abs(a[key] - b[key]) <= 1e-9 * Math.max(1, Math.abs(a[key])));

/** Entities whose stored totals differ from the live aggregate. */
async function listMismatches() {
  const stats = createStatsRepository({ sql: db.sql });
  const stored = await db.sql<{ entityKind: Scope["kind"]; entityId: number }[]>`select entity_kind, entity_id from entity_totals`;
  const mismatches: string[] = [];
  for (let start = 0; start < stored.length; start += 50) {
    await Promise.all(stored.slice(start, start + 50).map(async ({ entityKind, entityId }) => {
      const scope = { kind: entityKind, id: entityId };
      const [live, kept] = await Promise.all([stats.summarizeLive({ scope }), stats.summarizeStored({ scope })]);
      if (!sameSummary(live, kept!)) mismatches.push(`${entityKind}:${entityId}`);
    }));
  }
  return { mismatches, entities: stored.length };
}

test("an entity the totals do not know yet is aggregated live", async () => {
  const summary = await createStatsRepository({ sql: db.sql }).summarize({ scope: { kind: "character", id: 1 } });
  expect(summary.shipsDestroyed).toBe(0);
});

test("the live aggregate equals entity_totals for every entity and place of the real killmails", async () => {
  const { mismatches, entities } = await listMismatches();
  expect(entities).toBeGreaterThan(1000);
  expect(mismatches).toEqual([]);
});

test("a refresh after new kills rewrites only their entities and leaves every total equal to the live aggregate", async () => {
  const totals = createTotalsRepository({ sql: db.sql });
  await storeAfterLastRefresh({ sql: db.sql, watermark: "entity_totals", firstId: 993_000_001 });
  const before = await db.sql<{ count: number }[]>`select count(*)::int as count from entity_totals`;
  const refreshed = await totals.refreshEntityTotals();
  expect(refreshed?.full).toBe(false);
  expect(refreshed!.entities).toBeGreaterThan(0);
  expect(refreshed!.entities).toBeLessThan(before[0]!.count / 2);
  expect(await listMismatches()).toMatchObject({ mismatches: [] });
});

test("the activity heatmap counts each kill of a party and of a system at its UTC weekday and hour, as the ESI bodies say", async () => {
  const records = readFixture();
  const stats = createStatsRepository({ sql: db.sql });
  const corporation = busiestAttackingCorporation(records);
  const expected = (kills: typeof records) => {
    const cells = new Map<string, number>();
    for (const record of kills) {
      const time = new Date(record.esi.killmail_time);
      const key = `${time.getUTCDay()}:${time.getUTCHours()}`;
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
    return Object.fromEntries([...cells].sort());
  };
  const cellsOf = (rows: { dow: number; hour: number; kills: number }[]) => Object.fromEntries(rows.map((row) => [`${row.dow}:${row.hour}`, row.kills]).sort());
  const corporationKills = records.filter((record) => record.esi.attackers.some((a: { corporation_id?: number }) => a.corporation_id === corporation));
  expect(corporationKills.length).toBeGreaterThan(1);
  expect(cellsOf(await stats.activity({ scope: { kind: "corporation", id: corporation } }))).toEqual(expected(corporationKills));
  // A window: only kills at or after `since` count.
  const since = new Date(corporationKills.map((record) => Date.parse(record.esi.killmail_time)).sort((a, b) => a - b)[1]!);
  expect(cellsOf(await stats.activity({ scope: { kind: "corporation", id: corporation }, since })))
    .toEqual(expected(corporationKills.filter((record) => Date.parse(record.esi.killmail_time) >= since.getTime())));
  const system = corporationKills[0]!.esi.solar_system_id as number;
  const systemKills = records.filter((record) => record.esi.solar_system_id === system);
  expect(cellsOf(await stats.activity({ scope: { kind: "system", id: system } }))).toEqual(expected(systemKills));
});
