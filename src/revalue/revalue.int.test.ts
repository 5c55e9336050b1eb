/** `killmail revalue` against real PostgreSQL: a price change moves values, labels and totals once, and only once. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { readFixtureKillmails } from "../../test/support/universe.ts";
import { setPriceOverride } from "../prices/prices.usecases.ts";
import { createTotalsRepository } from "../stats/stats.totals.repository.ts";
import { loadUniverseLookup } from "../universe/universe.usecases.ts";
import { parseKillmailInput } from "../killmails/killmail.schemas.ts";
import { createKillmailProcessor } from "../killmails/killmail.usecases.ts";
import { revalueKillmails } from "./revalue.usecases.ts";

const KILL = 134398778;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
  const processor = await createKillmailProcessor({ sql: db.sql });
  const inputs = (await readFixtureKillmails()).map((json) => parseKillmailInput({ json, source: "import", firstSeenAt: new Date(0) }));
  await processor.storeKillmails({ inputs });
  await createTotalsRepository({ sql: db.sql }).refreshEntityTotals();
});
afterAll(() => db.drop());

const everything = { since: null, until: null, typeId: null };
const killRow = async () => (await db.sql<{ totalValue: number; labels: string[]; victimCharacterId: number; victimShipTypeId: number; day: string }[]>`
  select total_value, labels, victim_character_id, victim_ship_type_id, to_char(killmail_time, 'YYYY-MM-DD') as day from killmails where killmail_id = ${KILL}`)[0]!;
const iskLost = async (characterId: number) => (await db.sql<{ iskLost: number }[]>`
  select isk_lost from entity_totals where entity_kind = 'character' and entity_id = ${characterId}`)[0]!.iskLost;
const liveIskLost = async (characterId: number) => (await db.sql<{ sum: number }[]>`
  select coalesce(sum(k.total_value), 0)::float8 as sum from killmail_involvement i
  join killmails k using (killmail_id, killmail_time)
  where i.entity_kind = 'character' and i.entity_id = ${characterId} and i.is_victim`)[0]!.sum;

test("with unchanged prices, revalue changes nothing", async () => {
  const universe = await loadUniverseLookup({ sql: db.sql });
  const result = await revalueKillmails({ sql: db.sql, universe, filter: everything, dryRun: false, batchSize: 40, chunkSize: 80 });
  expect(result).toMatchObject({ scanned: 121, changed: 0 });
});

test("after a price change the affected kill's value, labels and entity totals move, and a second run changes nothing", async () => {
  const universe = await loadUniverseLookup({ sql: db.sql });
  const before = await killRow();
  const lostBefore = await iskLost(before.victimCharacterId);
  expect(before.labels).not.toContain("isk:1b+");
  await setPriceOverride({ sql: db.sql, typeId: String(before.victimShipTypeId), price: "2000000000", from: before.day, to: before.day });

  const dry = await revalueKillmails({ sql: db.sql, universe, filter: everything, dryRun: true, batchSize: 40, chunkSize: 80 });
  expect(dry.changed).toBe(1);
  expect((await killRow()).totalValue).toBe(before.totalValue);

  const result = await revalueKillmails({ sql: db.sql, universe, filter: everything, dryRun: false, batchSize: 40, chunkSize: 80 });
  expect(result).toMatchObject({ scanned: 121, changed: 1 });
  expect(result.largest[0]).toMatchObject({ killmailId: KILL, before: before.totalValue });
  const after = await killRow();
  expect(after.totalValue).toBeGreaterThanOrEqual(2e9);
  expect(after.labels).toContain("isk:1b+");
  expect(after.labels.filter((label) => !label.startsWith("isk:"))).toEqual(before.labels.filter((label) => !label.startsWith("isk:")));
  const lostAfter = await iskLost(before.victimCharacterId);
  expect(lostAfter).toBeCloseTo(lostBefore + after.totalValue - before.totalValue, 2);
  expect(lostAfter).toBeCloseTo(await liveIskLost(before.victimCharacterId), 2);
  const [item] = await db.sql<{ count: number }[]>`select count(*)::int from killmail_items where price_inputs_id is null`;
  expect(item!.count).toBe(0);

  const again = await revalueKillmails({ sql: db.sql, universe, filter: everything, dryRun: false, batchSize: 40, chunkSize: 80 });
  expect(again).toMatchObject({ scanned: 121, changed: 0 });
});

test("the filters narrow what is scanned, and a stopped run resumes from its cursor", async () => {
  const universe = await loadUniverseLookup({ sql: db.sql });
  const { day } = await killRow();
  const since = new Date(`${day}T00:00:00Z`);
  const narrow = await revalueKillmails({ sql: db.sql, universe, filter: { since, until: new Date(since.getTime() + 86_400_000), typeId: null }, dryRun: true });
  expect(narrow.scanned).toBeGreaterThanOrEqual(1);
  expect(narrow.scanned).toBeLessThan(121);
  const [last] = await db.sql<{ killmailTime: Date; killmailId: number }[]>`
    select killmail_time, killmail_id from killmails order by killmail_time, killmail_id offset 99 limit 1`;
  await db.sql`insert into revalue_cursors (run_key, killmail_time, killmail_id) values ('since=;until=;type=', ${last!.killmailTime}, ${last!.killmailId})`;
  const resumed = await revalueKillmails({ sql: db.sql, universe, filter: everything, dryRun: false });
  expect(resumed).toMatchObject({ resumed: true, scanned: 21 });
  expect(await db.sql`select 1 from revalue_cursors`).toHaveLength(0);
});

const unrecordedHulls = async () => (await db.sql<{ count: number }[]>`select count(*)::int as count from killmails where hull_unit_price is null`)[0]!.count;

test("a kill stored before hull prices were kept gets its hull's price, source and inputs recorded, adding up to its total", async () => {
  const universe = await loadUniverseLookup({ sql: db.sql });
  await db.sql`update killmails set hull_unit_price = null, hull_price_source = null, hull_price_inputs_id = null where killmail_id = ${KILL}`;
  const result = await revalueKillmails({ sql: db.sql, universe, filter: everything, dryRun: false, batchSize: 40, chunkSize: 80 });
  expect(result).toMatchObject({ scanned: 121, changed: 1, stopped: false });
  const [kill] = await db.sql<{ hullUnitPrice: number; hullPriceSource: string; rule: string; totalValue: number; items: number }[]>`
    select k.hull_unit_price, k.hull_price_source, (select p.inputs->>'rule' from price_inputs p where p.price_inputs_id = k.hull_price_inputs_id) as rule, k.total_value,
      (select sum(i.unit_price * (i.quantity_dropped + i.quantity_destroyed)) from killmail_items i
        where i.killmail_id = k.killmail_id and i.killmail_time = k.killmail_time)::float8 as items
    from killmails k where killmail_id = ${KILL}`;
  // The override of the earlier test priced this hull at 2 billion.
  expect(kill).toMatchObject({ hullUnitPrice: 2e9, hullPriceSource: "override", rule: "override" });
  expect(kill!.hullUnitPrice + kill!.items).toBeCloseTo(kill!.totalValue, 1);
  expect(await unrecordedHulls()).toBe(0);
});

test("an aborted signal stops between batches, writes what it valued, and keeps the cursor for the next run", async () => {
  const universe = await loadUniverseLookup({ sql: db.sql });
  await db.sql`update killmails set hull_unit_price = null, hull_price_source = null, hull_price_inputs_id = null`;
  const stop = new AbortController();
  const stopped = await revalueKillmails({ sql: db.sql, universe, filter: everything, dryRun: false, batchSize: 40, chunkSize: 80, signal: stop.signal, onProgress: () => stop.abort() });
  expect(stopped).toMatchObject({ scanned: 40, changed: 40, stopped: true });
  expect(await unrecordedHulls()).toBe(81);
  expect(await db.sql`select 1 from revalue_cursors`).toHaveLength(1);
  const resumed = await revalueKillmails({ sql: db.sql, universe, filter: everything, dryRun: false, batchSize: 40, chunkSize: 80 });
  expect(resumed).toMatchObject({ resumed: true, scanned: 81, changed: 81, stopped: false });
  expect(await unrecordedHulls()).toBe(0);
  expect(await db.sql`select 1 from revalue_cursors`).toHaveLength(0);
});
