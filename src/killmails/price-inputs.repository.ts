/**
 * Price inputs are stored once each in price_inputs (migration 00024) and referenced by id from items and hulls:
 * every item of a type valued from the same data on the same day carries the same inputs.
 */
import type { Sql } from "../db/db.client.ts";

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

/**
 * Adds the distinct inputs (as `priceInputsTexts` gives them; nulls skipped) not stored yet and returns the id of
 * each, keyed by its text. A separate statement from the rows that reference them: it waits for a concurrent
 * transaction adding the same inputs, so the next statement sees them. Sorted, so two such transactions take their
 * locks in the same order instead of deadlocking.
 */
export async function storePriceInputTexts(t: Sql, texts: (string | null)[]): Promise<Map<string, number>> {
  const distinct = [...new Set(texts.filter((text) => text !== null))].sort();
  if (!distinct.length) return new Map();
  await t`insert into price_inputs (inputs) select x::jsonb from unnest(${distinct}::text[]) x order by 1 on conflict do nothing`;
  // A statement of its own: under READ COMMITTED it sees inputs another storer committed while this insert waited on them.
  const rows = await t<{ text: string; priceInputsId: number }[]>`
    select x as text, p.price_inputs_id from unnest(${distinct}::text[]) x join price_inputs p on p.inputs = x::jsonb`;
  return new Map(rows.map((row) => [row.text, row.priceInputsId]));
}

/** Adds the distinct `inputs` (objects; nulls skipped) not stored yet, for a statement that references them next. */
export async function storePriceInputs(t: Sql, inputs: unknown[]) {
  await storePriceInputTexts(t, priceInputsTexts(inputs));
}

/** The price_inputs id of the jsonb expression `inputs` (null when it is null), for a statement that stored it first. */
export const priceInputsIdOf = (sql: Sql, inputs: ReturnType<Sql>) =>
  sql`(select p.price_inputs_id from price_inputs p where p.inputs = ${inputs})`;

/** The stored inputs behind the id expression `id` (qualified: a bare column would name price_inputs.price_inputs_id), as text (null for none). */
export const priceInputsTextOf = (sql: Sql, id: ReturnType<Sql>) =>
  sql`(select p.inputs::text from price_inputs p where p.price_inputs_id = ${id})`;
