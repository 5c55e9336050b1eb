/**
 * Price inputs are stored once each in price_inputs (migration 00024) and referenced by id from items and hulls:
 * every item of a type valued from the same data on the same day carries the same inputs.
 */
import type { Sql } from "../db/db.client.ts";
import { COPY_FROM_ROWS, copyRows } from "../db/db.copy.ts";

/**
 * Each value's JSON text (null for none). Items valued from the same data share one inputs object: it is
 * stringified once, not once per item.
 */
export function priceInputsTexts(inputs: unknown[]): (string | null)[] {
  const texts = new Map<unknown, string>();
  return inputs.map((value) => {
    if (value == null) return null;
    let text = texts.get(value);
    if (text === undefined) texts.set(value, (text = JSON.stringify(value)));
    return text;
  });
}

/** The key of price_inputs' unique index (migration 00032) for the jsonb expression `inputs`. */
const hashOf = (t: Sql, inputs: ReturnType<Sql>) => t`md5((${inputs})::text)::uuid`;

/**
 * Adds the distinct inputs (as `priceInputsTexts` gives them; nulls skipped) not stored yet and returns the id of
 * each, keyed by its text. Texts in `known` (ids of inputs already committed) are not sent at all. Each new text is
 * given its id from the sequence before the insert, so the ids the insert returns say which texts it added without
 * matching the inputs back by value. Only inputs already stored, or being stored by a concurrent transaction, are
 * looked up by a second statement: the insert waits for that transaction, and under READ COMMITTED only a new
 * statement sees what it committed. Inserted in the texts' order, so two such transactions take their locks in the
 * same order instead of deadlocking.
 */
export async function storePriceInputTexts(t: Sql, texts: (string | null)[], known?: { get(text: string): number | undefined }): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const missing: string[] = [];
  for (const text of new Set(texts)) {
    if (text === null) continue;
    const id = known?.get(text);
    if (id === undefined) missing.push(text);
    else ids.set(text, id);
  }
  if (!missing.length) return ids;
  missing.sort();
  const copied = missing.length >= COPY_FROM_ROWS ? await copyNewInputs(t, missing) : null;
  if (copied) return new Map([...ids, ...copied]);
  const added = await t<{ text: string; priceInputsId: number }[]>`
    with x as (select x.text, x.text::jsonb as inputs, x.ord, nextval(${sequenceOf(t)})::int as id
      from unnest(${missing}::text[]) with ordinality x(text, ord)),
    added as (insert into price_inputs (price_inputs_id, inputs) overriding system value
      select id, inputs from x order by x.ord on conflict do nothing returning price_inputs_id)
    select x.text, x.id as price_inputs_id from x join added on added.price_inputs_id = x.id`;
  for (const row of added) ids.set(row.text, row.priceInputsId);
  const stored = missing.filter((text) => !ids.has(text));
  if (!stored.length) return ids;
  const rows = await t<{ text: string; priceInputsId: number }[]>`
    select x as text, p.price_inputs_id from unnest(${stored}::text[]) x
    join price_inputs p on ${hashOf(t, t`p.inputs`)} = ${hashOf(t, t`x::jsonb`)} and p.inputs = x::jsonb`;
  for (const row of rows) ids.set(row.text, row.priceInputsId);
  return ids;
}

const sequenceOf = (t: Sql) => t`(select pg_get_serial_sequence('price_inputs', 'price_inputs_id')::regclass)`;

/** PostgreSQL's unique_violation and deadlock_detected: inputs another transaction stored first, or is storing. */
const TAKEN = new Set(["23505", "40P01"]);

/**
 * Many new inputs (a backfill's batch brings thousands) go in by COPY, in less than half the time of the insert
 * above (bench:import), inside a savepoint: COPY cannot skip a row stored already, so when any of them was (by an
 * earlier store whose ids were not remembered, or a concurrent one), nothing of the COPY is kept and null tells
 * the caller to take the insert instead. Their ids are drawn from the sequence first.
 */
async function copyNewInputs(t: Sql, missing: string[]) {
  const [drawn] = await t<{ ids: number[] }[]>`
    select array(select nextval(${sequenceOf(t)})::int from generate_series(1, ${missing.length})) as ids`;
  const ids = drawn!.ids;
  try {
    await (t as unknown as { savepoint: (run: (s: Sql) => Promise<void>) => Promise<void> })
      .savepoint((s) => copyRows(s, "price_inputs", missing.map((text, index) => ({ price_inputs_id: ids[index], inputs: text }))));
  } catch (error) {
    if (TAKEN.has((error as { code?: string }).code ?? "")) return null;
    throw error;
  }
  return new Map(missing.map((text, index) => [text, ids[index]!]));
}

/** Adds the distinct `inputs` (objects; nulls skipped) not stored yet, for a statement that references them next. */
export async function storePriceInputs(t: Sql, inputs: unknown[]) {
  await storePriceInputTexts(t, priceInputsTexts(inputs));
}

/** The price_inputs id of the jsonb expression `inputs` (null when it is null), for a statement that stored it first. */
export const priceInputsIdOf = (sql: Sql, inputs: ReturnType<Sql>) =>
  sql`(select p.price_inputs_id from price_inputs p where ${hashOf(sql, sql`p.inputs`)} = ${hashOf(sql, inputs)} and p.inputs = ${inputs})`;

/** The stored inputs behind the id expression `id` (qualified: a bare column would name price_inputs.price_inputs_id), as text (null for none). */
export const priceInputsTextOf = (sql: Sql, id: ReturnType<Sql>) =>
  sql`(select p.inputs::text from price_inputs p where p.price_inputs_id = ${id})`;
