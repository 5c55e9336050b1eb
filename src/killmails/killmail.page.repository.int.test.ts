import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { seedDatabase } from "../../test/e2e/seed.ts";
import { storeCopies } from "../../test/support/rollups.ts";
import { readFixture } from "../../test/e2e/seed.ts";
import { HOUR_MS } from "../app/time.ts";
import { createSql, type Sql } from "../db/db.client.ts";
import { createNamesRepository } from "../names/names.repository.ts";
import { createKillMonthGuesser } from "./killmail.months.repository.ts";
import { createKillPageRepository } from "./killmail.page.repository.ts";
import { createKillmailReadRepository } from "./killmail.read.repository.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let counted: Sql;
const statements: string[] = [];
const FIRST_COPY = 997_000_001;
const ACROSS_MONTHS = 998_000_001;
/** Ids above every other month's, so the recent month has a range of its own to guess from. */
const GUESSED = 999_000_001;
/** Either side of the recent month's start: the second's related window reaches into the month before. */
const [EDGE_BEFORE, EDGE_AFTER] = [996_000_001, 999_100_001];
const PAST_ALL = 999_900_001;
/** The 15th at noon UTC of this month, or of the last one if that is still to come: a month read from its partitions. */
const RECENT = (() => {
  const now = new Date();
  const day = (monthsBack: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 15, 12));
  return day(0) <= now ? day(0) : day(1);
})();
const suffixOf = (date: Date) => date.toISOString().slice(0, 7).replace("-", "");

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDatabase({ sql: db.sql });
  // Ten kills in one system within minutes: each has related kills on both sides of its time.
  const records = readFixture().slice(0, 10).map((record) => ({ ...record, esi: { ...record.esi, solar_system_id: 30000142 } }));
  for (const [index, record] of records.entries()) {
    await storeCopies({ sql: db.sql, records: [record], firstId: FIRST_COPY + index, time: new Date(RECENT.getTime() + index * 7 * 60_000) });
  }
  // Two kills in one system either side of a month's end, half an hour apart.
  for (const [index, minutes] of [[0, -10], [1, 20]] as const) {
    await storeCopies({ sql: db.sql, records: [records[index]!], firstId: ACROSS_MONTHS + index, time: new Date(Date.UTC(2026, 10, 1, 0, minutes)) });
  }
  for (const index of [0, 1, 2]) {
    await storeCopies({ sql: db.sql, records: [records[index]!], firstId: GUESSED + index, time: new Date(RECENT.getTime() + (index * 7 + 2) * 60_000) });
  }
  // In a system of their own, apart from the kills either side of 2026-11-01 above.
  const monthStart = Date.UTC(RECENT.getUTCFullYear(), RECENT.getUTCMonth(), 1);
  const inAmarr = (record: (typeof records)[number]) => ({ ...record, esi: { ...record.esi, solar_system_id: 30002187 } });
  await storeCopies({ sql: db.sql, records: [inAmarr(records[3]!)], firstId: EDGE_BEFORE, time: new Date(monthStart - 10 * 60_000) });
  await storeCopies({ sql: db.sql, records: [inAmarr(records[4]!)], firstId: EDGE_AFTER, time: new Date(monthStart + 20 * 60_000) });
  // One connection, opened (and its types read) before anything is counted.
  counted = createSql({ url: db.url, max: 1, debug: (query) => void statements.push(query) });
  await counted`select 1`;
}, 60_000);
afterAll(async () => {
  await counted.end();
  await db.drop();
});

/** The page's data as separate plain reads give it, to hold the one statement to. */
async function readApart(killmailId: number) {
  const [row] = await db.sql<{ killmailTime: Date; solarSystemId: number }[]>`
    select killmail_time, solar_system_id from killmails where killmail_id = ${killmailId}`;
  const time = row!.killmailTime.getTime();
  const attackers = await db.sql`select attacker_index, character_id, corporation_id, alliance_id, faction_id, ship_type_id,
    weapon_type_id, damage_done, damage_share, final_blow, security_status from killmail_attackers
    where killmail_id = ${killmailId} order by damage_done desc, attacker_index`;
  const items = await db.sql<{ priceInputs: string | null }[]>`select i.item_index, i.parent_index, i.type_id, i.flag, i.slot, i.singleton,
    i.quantity_dropped, i.quantity_destroyed, i.unit_price, i.price_source, p.inputs::text as price_inputs
    from killmail_items i left join price_inputs p using (price_inputs_id) where i.killmail_id = ${killmailId} order by i.item_index`;
  const related = (await createKillmailReadRepository({ sql: db.sql }).listKillmails({ filter: {
    solarSystemId: row!.solarSystemId, since: new Date(time - HOUR_MS), until: new Date(time + HOUR_MS), limit: 21,
  } })).filter((summary) => summary.killmailId !== killmailId).slice(0, 20);
  const keys = [
    ...attackers.flatMap((a) => [["character", a.characterId], ["corporation", a.corporationId], ["alliance", a.allianceId]]),
    ...related.flatMap((r) => [["character", r.victimCharacterId], ["corporation", r.victimCorporationId], ["alliance", r.victimAllianceId],
      ["character", r.finalBlowCharacterId]]),
  ];
  const [victim] = await db.sql`select victim_character_id, victim_corporation_id, victim_alliance_id from killmails where killmail_id = ${killmailId}`;
  keys.push(["character", victim!.victimCharacterId], ["corporation", victim!.victimCorporationId], ["alliance", victim!.victimAllianceId]);
  const names = await createNamesRepository({ sql: db.sql }).findEntityNames({
    keys: keys.filter(([, id]) => id).map(([kind, id]) => ({ kind: kind as string, id: id as number })) });
  return {
    attackers: [...attackers], related,
    items: items.map(({ priceInputs, ...item }) => ({ ...item, priceInputs: priceInputs === null ? null : JSON.parse(priceInputs) })),
    names: [...new Map(names.map((name) => [`${name.entityKind}:${name.entityId}`, name])).values()],
  };
}

const byKey = (rows: { entityKind: string; entityId: number }[]) =>
  [...rows].sort((a, b) => a.entityKind.localeCompare(b.entityKind) || a.entityId - b.entityId);

test("every seeded kill reads in two statements as the separate reads give it: attackers, items, related kills and names", async () => {
  const ids = (await db.sql<{ id: number }[]>`select killmail_id::int as id from killmails order by 1`).map((row) => row.id);
  const page = createKillPageRepository({ sql: counted });
  let withRelated = 0;
  for (const id of ids) {
    statements.length = 0;
    const found = await page.findKillPage({ killmailId: id, windowMs: HOUR_MS, relatedLimit: 20 });
    expect(statements.length).toBe(2);
    const apart = await readApart(id);
    expect(found!.attackers).toEqual(apart.attackers as never);
    expect(found!.items).toEqual(apart.items as never);
    expect(found!.related).toEqual(apart.related);
    expect(byKey(found!.names)).toEqual(byKey(apart.names));
    expect(found!.killmail.killmailId).toBe(id);
    withRelated += Number(found!.related.length > 0);
  }
  expect(ids.length).toBeGreaterThan(120);
  expect(withRelated).toBeGreaterThanOrEqual(10);
});

test("an unknown id is null after one statement; the attackers page reads no related kills", async () => {
  const page = createKillPageRepository({ sql: counted });
  statements.length = 0;
  expect(await page.findKillPage({ killmailId: 1, windowMs: HOUR_MS, relatedLimit: 20 })).toBeNull();
  expect(statements.length).toBe(1);
  const found = await page.findKillPage({ killmailId: FIRST_COPY + 3, windowMs: HOUR_MS, relatedLimit: 0 });
  expect(found!.related).toEqual([]);
  expect(found!.attackers.length).toBeGreaterThan(0);
});

test("a recent month's statement names its partitions, so PostgreSQL keeps one plan for it instead of planning every read", async () => {
  const page = createKillPageRepository({ sql: counted });
  for (let round = 0; round < 8; round++) {
    await page.findKillPage({ killmailId: FIRST_COPY + (round % 10), windowMs: HOUR_MS, relatedLimit: 20 });
  }
  const plans = await counted<{ statement: string; genericPlans: number }[]>`
    select statement, generic_plans::int from pg_prepared_statements
    where statement like '%with found as materialized%' and statement not like '%pg_prepared_statements%'`;
  const recent = plans.filter((plan) => plan.statement.includes(`killmail_items_${suffixOf(RECENT)}`));
  // The first five executions are planned for their values; the plan cache then settles on the generic plan.
  expect(Math.max(...recent.map((plan) => plan.genericPlans))).toBeGreaterThanOrEqual(3);
  // The seeded kills of 2008 to 2026 were read from the partitioned tables: no statement per old month.
  expect(plans.filter((plan) => /killmail_items_20(0|1)/.test(plan.statement))).toEqual([]);
  expect(plans.some((plan) => /"killmail_items" i /.test(plan.statement))).toBe(true);
});

test("related kills across a month's end come from both months", async () => {
  const page = createKillPageRepository({ sql: counted });
  const before = await page.findKillPage({ killmailId: ACROSS_MONTHS, windowMs: HOUR_MS, relatedLimit: 20 });
  const after = await page.findKillPage({ killmailId: ACROSS_MONTHS + 1, windowMs: HOUR_MS, relatedLimit: 20 });
  expect(before!.related.map((summary) => summary.killmailId)).toEqual([ACROSS_MONTHS + 1]);
  expect(after!.related.map((summary) => summary.killmailId)).toEqual([ACROSS_MONTHS]);
});

/** A guesser that has read the month ranges, on a clock the test moves. */
async function readGuesser(clock: { ms: number }) {
  const months = createKillMonthGuesser({ sql: db.sql, now: () => clock.ms });
  expect(months.guess({ killmailId: GUESSED })).toBeNull();
  await months.settled();
  return months;
}
const pageOf = (killmailId: number) => ({ killmailId, windowMs: HOUR_MS, relatedLimit: 20 });

test("with its month guessed from the id, a recent kill's page is one statement and the same page", async () => {
  const months = await readGuesser({ ms: 0 });
  const [guessing, plain] = [createKillPageRepository({ sql: counted, months }), createKillPageRepository({ sql: counted })];
  let related = 0;
  for (const id of [GUESSED, GUESSED + 1, GUESSED + 2]) {
    expect(months.guess({ killmailId: id })).toBe(suffixOf(RECENT));
    const expected = await plain.findKillPage(pageOf(id));
    statements.length = 0;
    expect(await guessing.findKillPage(pageOf(id))).toEqual(expected);
    expect(statements.length).toBe(1);
    related += expected!.related.length;
  }
  expect(related).toBeGreaterThan(0);
  // Ids in the ranges of two months, or in none before the newest, are not guessed.
  expect(months.guess({ killmailId: ACROSS_MONTHS })).toBeNull();
  expect(months.guess({ killmailId: 1 })).toBeNull();
});

test("a guessed kill whose related window leaves its month gets the month before's kills too", async () => {
  const months = await readGuesser({ ms: 0 });
  expect(months.guess({ killmailId: EDGE_AFTER })).toBe(suffixOf(RECENT));
  const found = await createKillPageRepository({ sql: counted, months }).findKillPage(pageOf(EDGE_AFTER));
  expect(found!.related.map((summary) => summary.killmailId)).toContain(EDGE_BEFORE);
  expect(found).toEqual(await createKillPageRepository({ sql: counted }).findKillPage(pageOf(EDGE_AFTER)));
});

test("a wrong guess is read from the kill's own month, and the ranges are read again", async () => {
  const clock = { ms: 0 };
  const months = await readGuesser(clock);
  // Stored after the ranges were read, past them all, but in the month before: the newest month is guessed.
  const before = new Date(Date.UTC(RECENT.getUTCFullYear(), RECENT.getUTCMonth() - 1, 10, 12));
  await storeCopies({ sql: db.sql, records: readFixture().slice(5, 6), firstId: PAST_ALL, time: before });
  expect(months.guess({ killmailId: PAST_ALL })).toBe(suffixOf(RECENT));
  const expected = await createKillPageRepository({ sql: counted }).findKillPage(pageOf(PAST_ALL));
  clock.ms = 6_000;
  statements.length = 0;
  expect(await createKillPageRepository({ sql: counted, months }).findKillPage(pageOf(PAST_ALL))).toEqual(expected);
  // The guessed month's statement, the look-up, the kill's month's statement.
  expect(statements.length).toBe(3);
  await months.settled();
  expect(months.guess({ killmailId: PAST_ALL })).toBe(suffixOf(before));
});

// Last: it renames partitions. A month's partitions may not hold what their name says (made under another time zone).
test("a page is read from the partitioned tables when the month's partitions are missing or hold another month", async () => {
  const page = createKillPageRepository({ sql: counted });
  const read = () => page.findKillPage({ killmailId: FIRST_COPY + 3, windowMs: HOUR_MS, relatedLimit: 20 });
  const expected = await read();
  const tables = ["killmails", "killmail_attackers", "killmail_items"];
  for (const table of tables) await db.sql`alter table ${db.sql(`${table}_${suffixOf(RECENT)}`)} rename to ${db.sql(`${table}_moved`)}`;
  expect(await read()).toEqual(expected);
  // The month before's partitions under this month's name: the kill is not in them.
  const before = new Date(Date.UTC(RECENT.getUTCFullYear(), RECENT.getUTCMonth() - 1, 1));
  await db.sql`select ensure_killmail_partitions(${before.toISOString().slice(0, 10)}::date)`;
  for (const table of tables) await db.sql`alter table ${db.sql(`${table}_${suffixOf(before)}`)} rename to ${db.sql(`${table}_${suffixOf(RECENT)}`)}`;
  expect(await read()).toEqual(expected);
});
