/**
 * What the store remembers against real PostgreSQL: price inputs' ids (from the insert, from a concurrent storer)
 * and parties with an entities row, each remembered only once its transaction committed.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase } from "../../test/support/database.ts";
import { createSql, type Sql } from "../db/db.client.ts";
import { COPY_FROM_ROWS } from "../db/db.copy.ts";
import { parseKillmailInput } from "./killmail.schemas.ts";
import { storeKillmailBatch } from "./killmail.store.ts";
import { createKillmailProcessor } from "./killmail.usecases.ts";
import { storePriceInputTexts } from "./price-inputs.repository.ts";

const FIXTURE = join(import.meta.dir, "../../test/fixtures/killmails.jsonl");
const records = readFileSync(FIXTURE, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const storedIds = async (texts: string[]) => new Map((await db.sql<{ text: string; priceInputsId: number }[]>`
  select x as text, p.price_inputs_id from unnest(${texts}::text[]) x join price_inputs p on p.inputs = x::jsonb`).map((row) => [row.text, row.priceInputsId]));
const inputsText = (n: number) => JSON.stringify({ test: "price-inputs", n });

test("new inputs get the ids the insert gave them; known texts are not sent; stored ones are looked up", async () => {
  const [a, b, c, d] = [1, 2, 3, 4].map(inputsText) as [string, string, string, string];
  const first = await db.sql.begin((t) => storePriceInputTexts(t as unknown as Sql, [a, null, b, a]));
  expect(first).toEqual(await storedIds([a, b]));
  expect(first.size).toBe(2);
  // c is "known" under an id no row has: it comes back as given and is never inserted.
  const second = await db.sql.begin((t) => storePriceInputTexts(t as unknown as Sql, [b, c, d], new Map([[c, -7]])));
  expect(await storedIds([c])).toEqual(new Map());
  expect(second).toEqual(new Map([[b, first.get(b)!], [c, -7], [d, (await storedIds([d])).get(d)!]]));
  // The same jsonb written with other spacing is the same inputs.
  const spaced = JSON.stringify(JSON.parse(a), null, 1);
  expect(await db.sql.begin((t) => storePriceInputTexts(t as unknown as Sql, [spaced]))).toEqual(new Map([[spaced, first.get(a)!]]));
});

/**
 * `firstTexts` stored by one transaction that stays open until `secondTexts`, stored by another, waits on its row
 * locks; then the first commits. Returns the ids each was given.
 */
async function storeWhileAnotherWaits({ firstTexts, secondTexts }: { firstTexts: string[]; secondTexts: string[] }) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let firstStored!: () => void;
  const stored = new Promise<void>((resolve) => (firstStored = resolve));
  const first = db.sql.begin(async (t) => {
    const ids = await storePriceInputTexts(t as unknown as Sql, firstTexts);
    firstStored();
    await gate;
    return ids;
  });
  await stored;
  const second = db.sql.begin((t) => storePriceInputTexts(t as unknown as Sql, secondTexts));
  // The second insert must really wait on the first's row locks before the first commits.
  for (let tries = 0; ; tries++) {
    const [row] = await db.sql<{ waiting: number }[]>`
      select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
    if (row!.waiting > 0) break;
    if (tries > 200) throw new Error("the second storer never waited on the first");
    await Bun.sleep(10);
  }
  release();
  return Promise.all([first, second]);
}

test("a storer waiting on another's uncommitted inputs gets their ids once it commits", async () => {
  const [a, b, c] = [11, 12, 13].map(inputsText) as [string, string, string];
  const [one, two] = await storeWhileAnotherWaits({ firstTexts: [a, b], secondTexts: [b, c] });
  const table = await storedIds([a, b, c]);
  expect(one).toEqual(new Map([[a, table.get(a)!], [b, table.get(b)!]]));
  expect(two).toEqual(new Map([[b, table.get(b)!], [c, table.get(c)!]]));
});

/** `count` distinct inputs from `from` on, and the statements a storing of them sent. */
const manyTexts = (from: number, count: number) => Array.from({ length: count }, (_, index) => inputsText(from + index));
async function storeCounted(texts: string[]) {
  const statements: string[] = [];
  const counted = createSql({ url: db.url, max: 1, debug: (query) => void statements.push(query.trim().split(/\s+/)[0]!.toLowerCase()) });
  try {
    const ids = await counted.begin((t) => storePriceInputTexts(t as unknown as Sql, texts));
    return { ids, statements };
  } finally {
    await counted.end();
  }
}

test("many new inputs go in by COPY with the ids drawn for them", async () => {
  const texts = manyTexts(1_000, COPY_FROM_ROWS + 5);
  const { ids, statements } = await storeCounted(texts);
  expect(statements).toContain("copy");
  expect(statements).not.toContain("with");
  expect(ids).toEqual(await storedIds(texts));
  expect(ids.size).toBe(texts.length);
});

test("many inputs of which one is stored already go in by the insert, each once", async () => {
  const [stored] = manyTexts(2_000, 1) as [string];
  const first = await db.sql.begin((t) => storePriceInputTexts(t as unknown as Sql, [stored]));
  const texts = [...manyTexts(2_001, COPY_FROM_ROWS), stored];
  const { ids, statements } = await storeCounted(texts);
  // The COPY met the stored row and was rolled back to its savepoint; the insert then added the rest.
  expect(statements).toContain("copy");
  expect(statements).toContain("with");
  expect(ids.get(stored)).toBe(first.get(stored)!);
  expect(ids).toEqual(await storedIds(texts));
  const [row] = await db.sql<{ rows: number }[]>`
    select count(*)::int as rows from price_inputs p join unnest(${texts}::text[]) x on p.inputs = x::jsonb`;
  expect(row!.rows).toBe(texts.length);
});

test("two storers copying the same many inputs at once both get the ids of one row each", async () => {
  const texts = manyTexts(3_000, COPY_FROM_ROWS * 2);
  const [one, two] = await storeWhileAnotherWaits({
    firstTexts: texts.slice(0, COPY_FROM_ROWS + 10), secondTexts: texts.slice(COPY_FROM_ROWS - 10),
  });
  const table = await storedIds(texts);
  expect(table.size).toBe(texts.length);
  expect([...one, ...two].every(([text, id]) => table.get(text) === id)).toBe(true);
  expect(new Set([...one.keys(), ...two.keys()]).size).toBe(texts.length);
});

test("inputs a batch's hulls stored are not sent again for its items", async () => {
  const firstSeenAt = new Date();
  const one = records.find((record, index) => index > 1 && record.esi.victim.items?.length > 3);
  const copyId = one.killmail_id + 20_000_000;
  // The copy carries the first kill's hull in its cargo: the same type on the same day, so the same inputs.
  const cargo = { item_type_id: one.esi.victim.ship_type_id, flag: 5, quantity_dropped: 1, singleton: 0 };
  const copy = { ...one, killmail_id: copyId, esi: { ...one.esi, killmail_id: copyId, victim: { ...one.esi.victim, items: [...one.esi.victim.items, cargo] } } };
  const sent: string[] = [];
  const counted = createSql({ url: db.url, max: 1, debug: (query, parameters) => {
    if (query.includes("price_inputs") && Array.isArray(parameters[0])) sent.push(...(parameters[0] as string[]));
  } });
  try {
    const { storeKillmails } = await createKillmailProcessor({ sql: counted });
    await storeKillmails({ inputs: [one, copy].map((json) => parseKillmailInput({ json, source: "import", firstSeenAt })) });
  } finally {
    await counted.end();
  }
  expect(sent.length).toBeGreaterThan(3);
  expect(sent.length).toBe(new Set(sent).size);
  const [row] = await db.sql<{ same: boolean }[]>`
    select k.hull_price_inputs_id = i.price_inputs_id as same from killmails k, killmail_items i
    where k.killmail_id = ${one.killmail_id} and i.killmail_id = ${copyId} and i.type_id = k.victim_ship_type_id and i.flag = 5`;
  expect(row?.same).toBe(true);
});

test("inputs added by a store that rolled back are not remembered: the kill stored next points at stored inputs", async () => {
  const firstSeenAt = new Date();
  const [record] = records;
  // jsonb cannot hold a NUL: the killmails insert fails after the hull's inputs went in, and the whole store rolls back.
  const spoiled = parseKillmailInput({ json: { ...record, zkb: { note: "nul \u0000 inside" } }, source: "import", firstSeenAt });
  const good = parseKillmailInput({ json: record, source: "import", firstSeenAt });
  const { storeKillmails } = await createKillmailProcessor({ sql: db.sql });
  const before = (await db.sql<{ n: number }[]>`select count(*)::int as n from price_inputs`)[0]!.n;
  const refused = await storeKillmailBatch({ storeKillmails, inputs: [spoiled] });
  expect(refused.rejections.length).toBe(1);
  expect((await db.sql<{ n: number }[]>`select count(*)::int as n from price_inputs`)[0]!.n).toBe(before);
  expect((await storeKillmailBatch({ storeKillmails, inputs: [good] })).storedIds).toEqual([record.killmail_id]);
  const dangling = await db.sql<{ kind: string }[]>`
    select 'hull' as kind from killmails k where k.hull_price_inputs_id is not null
      and not exists (select from price_inputs p where p.price_inputs_id = k.hull_price_inputs_id)
    union all
    select 'item' from killmail_items i where i.price_inputs_id is not null
      and not exists (select from price_inputs p where p.price_inputs_id = i.price_inputs_id)`;
  expect(dangling.map((row) => row.kind)).toEqual([]);
  const [hull] = await db.sql<{ inputs: unknown }[]>`
    select p.inputs from killmails k join price_inputs p on p.price_inputs_id = k.hull_price_inputs_id where k.killmail_id = ${record.killmail_id}`;
  expect(hull?.inputs).toBeTruthy();
});

test("a second kill with inputs already remembered stores the same ids without adding inputs", async () => {
  const firstSeenAt = new Date();
  const { storeKillmails } = await createKillmailProcessor({ sql: db.sql });
  const one = records.find((record, index) => index > 0 && record.esi.victim.items?.length > 5);
  const copyId = one.killmail_id + 10_000_000;
  await storeKillmails({ inputs: [parseKillmailInput({ json: one, source: "import", firstSeenAt })] });
  const count = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from price_inputs`)[0]!.n;
  const before = await count();
  // The same killmail's body under a new id: every input is one the first store just committed.
  await storeKillmails({ inputs: [parseKillmailInput({ json: { ...one, killmail_id: copyId, esi: { ...one.esi, killmail_id: copyId } }, source: "import", firstSeenAt })] });
  expect(await count()).toBe(before);
  const pairs = await db.sql<{ same: boolean }[]>`
    select a.price_inputs_id is not distinct from b.price_inputs_id as same
    from killmail_items a join killmail_items b using (item_index)
    where a.killmail_id = ${one.killmail_id} and b.killmail_id = ${copyId}`;
  expect(pairs.length).toBeGreaterThan(0);
  expect(pairs.every((pair) => pair.same)).toBe(true);
});

test("parties added by a store whose commit failed are not remembered: the next store of their kill adds them", async () => {
  const firstSeenAt = new Date();
  // From the end: the tests above store the first killmails.
  const record = records.findLast((r) => r.esi.victim.character_id && r.esi.attackers.length > 1)!;
  const victim = record.esi.victim.character_id as number;
  expect(await db.sql`select 1 from entities where entity_kind = 'character' and entity_id = ${victim}`).toHaveLength(0);
  // Refused at COMMIT, after every statement of the store ran: a deferred trigger on the victim's new entities row.
  await db.sql.unsafe(`
    create function refuse_entity() returns trigger language plpgsql as $$
      begin raise exception 'refused at commit' using errcode = 'P0001'; end $$;
    create constraint trigger refuse_entity after insert on entities deferrable initially deferred
      for each row when (new.entity_kind = 'character' and new.entity_id = ${victim}) execute function refuse_entity();`);
  const { storeKillmails } = await createKillmailProcessor({ sql: db.sql });
  const input = parseKillmailInput({ json: record, source: "import", firstSeenAt });
  await expect(storeKillmails({ inputs: [input] })).rejects.toThrow(/refused at commit/);
  await db.sql`drop trigger refuse_entity on entities`;
  expect((await storeKillmails({ inputs: [input] })).storedIds).toEqual([record.killmail_id]);
  const parties = await db.sql<{ missing: string }[]>`
    select i.entity_kind || ':' || i.entity_id as missing from killmail_involvement i
    where i.killmail_id = ${record.killmail_id} and i.entity_kind in ('character', 'corporation', 'alliance') and i.entity_id > 0
      and not exists (select from entities e where e.entity_kind = i.entity_kind and e.entity_id = i.entity_id)`;
  expect(parties.map((row) => row.missing)).toEqual([]);
  const [row] = await db.sql`select 1 from entities where entity_kind = 'character' and entity_id = ${victim}`;
  expect(row).toBeTruthy();
});
