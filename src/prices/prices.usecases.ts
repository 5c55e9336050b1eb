import type { Sql } from "../db/db.client.ts";
import { AppError } from "../app/errors.ts";
import { parseUtcDay } from "../app/time.ts";
import { readBundledHistory, readBundledSnapshots } from "./prices.bundle.ts";
import { createPricesRepository } from "./prices.repository.ts";

/** Upserts the bundled real history and snapshots as source 'bundled'; idempotent (a second run changes nothing). */
export async function loadPrices({ sql }: { sql: Sql }) {
  const repository = createPricesRepository({ sql });
  const [history, snapshots] = await Promise.all([readBundledHistory(), readBundledSnapshots()]);
  const changedHistory = await repository.upsertHistory({ rows: history.map((row) => ({ ...row, source: "bundled" as const })) });
  const changedSnapshots = await repository.upsertSnapshots({ rows: snapshots.map((row) => ({ ...row, source: "bundled" as const })) });
  return { rows: history.length + snapshots.length, changed: changedHistory + changedSnapshots, counts: await repository.countHistory() };
}

const invalid = (message: string) => new AppError({ code: "prices.invalid", message, status: 400 });

function ensureDay(text: string | undefined, name: string) {
  if (text === undefined) return null;
  if (!parseUtcDay(text)) throw invalid(`${name} must be a day YYYY-MM-DD, got "${text}"`);
  return text;
}

/** `prices set`: an operator's price for a type, shown as such on every kill it values from then on (after revalue). */
export async function setPriceOverride({ sql, typeId, price, from, to, note }: { sql: Sql; typeId: string; price: string; from?: string; to?: string; note?: string }) {
  const type = Number(typeId);
  if (!Number.isInteger(type) || type <= 0) throw invalid(`type must be a type id, got "${typeId}"`);
  const isk = Number(price);
  if (!Number.isFinite(isk) || isk < 0 || price.trim() === "") throw invalid(`price must be a number of ISK ≥ 0, got "${price}"`);
  const fromDay = ensureDay(from, "--from");
  const toDay = ensureDay(to, "--to");
  if (fromDay && toDay && fromDay > toDay) throw invalid(`--from ${fromDay} is after --to ${toDay}`);
  const { overrideId } = await createPricesRepository({ sql }).insertOverride({ typeId: type, fromDay, toDay, price: isk, note: note ?? null });
  return { overrideId, typeId: type, price: isk, fromDay, toDay };
}
