/**
 * Price inputs are stored once each in price_inputs (migration 00024) and referenced by id from items and hulls:
 * every item of a type valued from the same data on the same day carries the same inputs.
 */
import type { Sql } from "../db/db.client.ts";

/**
 * Adds the distinct `inputs` (objects; nulls skipped) not stored yet. A separate statement from the rows that
 * reference them: it waits for a concurrent transaction adding the same inputs, so the next statement sees them.
 * Sorted, so two such transactions take their locks in the same order instead of deadlocking.
 */
export async function storePriceInputs(t: Sql, inputs: unknown[]) {
  const texts = [...new Set(inputs.filter((value) => value != null).map((value) => JSON.stringify(value)))].sort();
  if (!texts.length) return;
  await t`insert into price_inputs (inputs) select x::jsonb from unnest(${texts}::text[]) x order by 1 on conflict do nothing`;
}

/** The price_inputs id of the jsonb expression `inputs` (null when it is null), for a statement that stored it first. */
export const priceInputsIdOf = (sql: Sql, inputs: ReturnType<Sql>) =>
  sql`(select p.price_inputs_id from price_inputs p where p.inputs = ${inputs})`;

/** The stored inputs behind the id expression `id` (qualified: a bare column would name price_inputs.price_inputs_id), as text (null for none). */
export const priceInputsTextOf = (sql: Sql, id: ReturnType<Sql>) =>
  sql`(select p.inputs::text from price_inputs p where p.price_inputs_id = ${id})`;
