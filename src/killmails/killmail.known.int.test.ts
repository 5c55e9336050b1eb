/**
 * What the store remembers against real PostgreSQL: price inputs' ids (from the insert, from a concurrent storer)
 * and parties with an entities row, each remembered only once its transaction committed.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase } from "../../test/support/database.ts";
import type { Sql } from "../db/db.client.ts";
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

test("a storer waiting on another's uncommitted inputs gets their ids once it commits", async () => {
  const [a, b, c] = [11, 12, 13].map(inputsText) as [string, string, string];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let firstStored!: () => void;
  const stored = new Promise<void>((resolve) => (firstStored = resolve));
  const first = db.sql.begin(async (t) => {
    const ids = await storePriceInputTexts(t as unknown as Sql, [a, b]);
    firstStored();
    await gate;
    return ids;
  });
  await stored;
  const second = db.sql.begin((t) => storePriceInputTexts(t as unknown as Sql, [b, c]));
  // The second insert must really wait on b's row lock before the first commits.
  for (let tries = 0; ; tries++) {
    const [row] = await db.sql<{ waiting: number }[]>`
      select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
    if (row!.waiting > 0) break;
    if (tries > 200) throw new Error("the second storer never waited on the first");
    await Bun.sleep(10);
  }
  release();
  const [one, two] = await Promise.all([first, second]);
  const table = await storedIds([a, b, c]);
  expect(one).toEqual(new Map([[a, table.get(a)!], [b, table.get(b)!]]));
  expect(two).toEqual(new Map([[b, table.get(b)!], [c, table.get(c)!]]));
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
