/**
 * An entity page's header and statistics are a handful of statements (issue 17): each round trip cost serve and
 * PostgreSQL more CPU than the index probe it carried. Statements are counted on a connection of their own.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { seedDatabase } from "../../test/e2e/seed.ts";
import { createSql, type Sql } from "../db/db.client.ts";
import { createNamesRepository } from "../names/names.repository.ts";
import { createStatsRepository } from "../stats/stats.repository.ts";
import { createTopsRepository } from "../stats/stats.tops.repository.ts";
import { loadUniverseNames, type UniverseNames } from "../universe/universe.names.ts";
import { describeEntity, loadEntityStats } from "./entity.usecases.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let counted: Sql;
let universe: UniverseNames;
const statements: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDatabase({ sql: db.sql });
  // Lists kept from two kills and losses on: the busiest pilots are kept, one-kill pilots are not.
  await db.sql`delete from rollup_watermarks where name = 'entity_tops'`;
  await createTopsRepository({ sql: db.sql, keptFrom: { character: 2, other: 2 } }).refreshEntityTops();
  universe = await loadUniverseNames({ sql: db.sql });
  counted = createSql({ url: db.url, max: 1, debug: (query) => void statements.push(query) });
  await counted`select 1`;
}, 60_000);
afterAll(async () => {
  await counted.end();
  await db.drop();
});

async function countStatements<T>(read: () => Promise<T>) {
  statements.length = 0;
  const result = await read();
  return { result, statements: statements.length };
}

const ALLIANCE_ID = 99_000_777;

/** The busiest pilot whose lists are kept (`kept`) or not, put in a named corporation and alliance as enrichment would. */
async function pilot({ kept }: { kept: boolean }) {
  const [row] = await db.sql<{ id: number }[]>`
    select t.entity_id::int as id from entity_totals t join entities e using (entity_kind, entity_id)
    where t.entity_kind = 'character'
      and exists (select 1 from entity_tops_kept k where k.entity_kind = t.entity_kind and k.entity_id = t.entity_id) = ${kept}
    order by t.kills + t.losses desc, t.entity_id limit 1`;
  await db.sql`insert into entities (entity_kind, entity_id, name, ticker, updated_at) values ('alliance', ${ALLIANCE_ID}, 'Quiet Accord', 'QA', now())
    on conflict do nothing`;
  await db.sql`update entities set alliance_id = ${ALLIANCE_ID},
      corporation_id = (select min(entity_id) from entities where entity_kind = 'corporation' and name is not null)
    where entity_kind = 'character' and entity_id = ${row!.id}`;
  return row!.id;
}

/** What a separate look-up names each corporation and alliance: the page must show the same. */
async function storedNames(keys: { kind: string; id: number }[]) {
  const rows = await createNamesRepository({ sql: db.sql }).findEntityNames({ keys });
  return new Map(rows.map((row) => [`${row.entityKind}:${row.entityId}`, row.name]));
}

test("a pilot's header is one statement, its corporation and alliance named as stored", async () => {
  const id = await pilot({ kept: true });
  const { result: entity, statements: count } = await countStatements(() => describeEntity({ deps: { sql: counted, universe }, kind: "character", id }));
  expect(count).toBe(1);
  const [row] = await db.sql<{ name: string; corporationId: number; allianceId: number }[]>`
    select name, corporation_id, alliance_id from entities where entity_kind = 'character' and entity_id = ${id}`;
  const names = await storedNames([{ kind: "corporation", id: row!.corporationId }, { kind: "alliance", id: row!.allianceId }]);
  expect(entity!.name).toBe(row!.name);
  expect(entity!.affiliations).toEqual([
    { kind: "corporation", id: row!.corporationId, name: names.get(`corporation:${row!.corporationId}`)! },
    { kind: "alliance", id: row!.allianceId, name: names.get(`alliance:${row!.allianceId}`)! },
  ]);
});

/** A day after the pilot's last kill (the fixture spans years), so its months are in the chart's window, read as stored. */
async function dayAfterLastKill(id: number) {
  const [last] = await db.sql<{ now: Date }[]>`select max(killmail_time) + interval '1 day' as now from killmail_involvement
    where entity_kind = 'character' and entity_id = ${id}`;
  return last!.now;
}

/** The page's opponents named as a separate look-up names them (stored, else the SDE's NPC corporations). */
async function expectOpponentsNamed(stats: Awaited<ReturnType<typeof loadEntityStats>>) {
  const opponents = [...stats.week.opponents, ...stats.allTime.opponents];
  const names = await storedNames(opponents.map((row) => ({ kind: "corporation", id: row.id })));
  for (const { id } of opponents) {
    expect(stats.names.name("corporation", id)).toBe(names.get(`corporation:${id}`) ?? universe.npcCorporation(id)?.name ?? `Unknown #${id}`);
  }
}

for (const kept of [true, false]) {
  test(`a pilot's statistics are five statements, its lists ${kept ? "kept" : "aggregated live"}, the opponents named as stored`, async () => {
    const id = await pilot({ kept });
    const now = await dayAfterLastKill(id);
    const { result: stats, statements: count } = await countStatements(() =>
      loadEntityStats({ deps: { sql: counted, universe }, kind: "character", id, now }));
    // Kept or not, summary, heatmap, months, and the eight lists with their opponents' names.
    expect(count).toBe(5);
    expect(stats.allTime.opponents.length).toBeGreaterThan(0);
    await expectOpponentsNamed(stats);
  });
}

test("a pilot's lists aggregated live in one statement equal each list's own query", async () => {
  const id = await pilot({ kept: false });
  const scope = { kind: "character" as const, id };
  const stats = createStatsRepository({ sql: db.sql });
  const since = new Date((await dayAfterLastKill(id)).getTime() - 7 * 86_400_000);
  const separately = async (period?: Date) => ({
    shipsUsed: [...await stats.topShips({ scope, lost: false, since: period, limit: 5 })],
    shipsLost: [...await stats.topShips({ scope, lost: true, since: period, limit: 5 })],
    opponents: [...await stats.topOpponents({ scope, kind: "corporation", since: period, limit: 5 })],
    systems: [...await stats.topSystems({ scope, since: period, limit: 5 })],
  });
  const together = await stats.liveLists({ scope, since, limit: 5 });
  expect(together.allTime).toEqual(await separately());
  expect(together.week).toEqual(await separately(since));
  expect(together.allTime.opponents.length).toBeGreaterThan(0);
});
