/**
 * An entity page's header and statistics are a handful of statements (issue 17): each round trip cost serve and
 * PostgreSQL more CPU than the index probe it carried. Statements are counted on a connection of their own.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { seedDatabase } from "../../test/e2e/seed.ts";
import { createSql, type Sql } from "../db/db.client.ts";
import { createNamesRepository } from "../names/names.repository.ts";
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

test("a kept pilot's statistics are five statements, the week's and all time's opponents named as stored", async () => {
  const id = await pilot({ kept: true });
  // A day after the pilot's last kill (the fixture spans years), so its months are in the chart's window, read as stored.
  const [last] = await db.sql<{ now: Date }[]>`select max(killmail_time) + interval '1 day' as now from killmail_involvement
    where entity_kind = 'character' and entity_id = ${id}`;
  const { result: stats, statements: count } = await countStatements(() =>
    loadEntityStats({ deps: { sql: counted, universe }, kind: "character", id, now: last!.now }));
  // Kept or not, summary, heatmap, months, and the eight lists with their opponents' names.
  expect(count).toBe(5);
  const opponents = [...stats.week.opponents, ...stats.allTime.opponents];
  expect(stats.allTime.opponents.length).toBeGreaterThan(0);
  const names = await storedNames(opponents.map((row) => ({ kind: "corporation", id: row.id })));
  for (const { id: corporationId } of opponents) {
    expect(stats.names.name("corporation", corporationId)).toBe(names.get(`corporation:${corporationId}`) ?? universe.npcCorporation(corporationId)?.name ?? `Unknown #${corporationId}`);
  }
});

test("a pilot whose lists are not kept gets them aggregated live, its opponents named after them", async () => {
  const id = await pilot({ kept: false });
  const { result: stats, statements: count } = await countStatements(() =>
    loadEntityStats({ deps: { sql: counted, universe }, kind: "character", id, now: new Date() }));
  // Kept or not, summary, live heatmap, months (or their live aggregate), eight live lists, then the names.
  expect(count).toBeGreaterThanOrEqual(12);
  expect(stats.allTime.opponents.length).toBeGreaterThan(0);
  const names = await storedNames(stats.allTime.opponents.map((row) => ({ kind: "corporation", id: row.id })));
  for (const { id: corporationId } of stats.allTime.opponents) {
    expect(stats.names.name("corporation", corporationId)).toBe(names.get(`corporation:${corporationId}`) ?? universe.npcCorporation(corporationId)?.name ?? `Unknown #${corporationId}`);
  }
});
