import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { seedDatabase } from "../../test/e2e/seed.ts";
import { storeCopies } from "../../test/support/rollups.ts";
import { readFixture } from "../../test/e2e/seed.ts";
import { HOUR_MS } from "../app/time.ts";
import { createSql, type Sql } from "../db/db.client.ts";
import { createNamesRepository } from "../names/names.repository.ts";
import { createKillPageRepository } from "./killmail.page.repository.ts";
import { createKillmailReadRepository } from "./killmail.read.repository.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let counted: Sql;
const statements: string[] = [];
const FIRST_COPY = 997_000_001;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDatabase({ sql: db.sql });
  // Ten kills in one system within minutes: each has related kills on both sides of its time.
  const records = readFixture().slice(0, 10).map((record) => ({ ...record, esi: { ...record.esi, solar_system_id: 30000142 } }));
  for (const [index, record] of records.entries()) {
    await storeCopies({ sql: db.sql, records: [record], firstId: FIRST_COPY + index, time: new Date(Date.UTC(2026, 10, 3, 12, index * 7)) });
  }
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
