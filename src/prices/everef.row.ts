/** One line of an EVE Ref market-history file, checked field by field; pure. */
import { parseUtcDay } from "../app/time.ts";

export type EverefHistoryRow = {
  typeId: number;
  regionId: number;
  /** YYYY-MM-DD (UTC). */
  day: string;
  average: number;
  highest: number;
  lowest: number;
  volume: number;
  orderCount: number;
  /** When EVE Ref fetched the row from ESI (files from 2020-06-18 on); ISO 8601. */
  httpLastModified?: string;
};

/** Index of each column in the file's header. */
export type EverefColumns = {
  count: number;
  date: number; regionId: number; typeId: number; average: number; highest: number; lowest: number;
  volume: number; orderCount: number; httpLastModified: number | null;
};

export type EverefRowRead = { kind: "row"; row: EverefHistoryRow } | { kind: "bad"; reason: string } | { kind: "skipped" };

type Reader = { fields: string[]; problems: string[] };

function readId({ reader, at, column }: { reader: Reader; at: number; column: string }) {
  const value = Number(reader.fields[at]);
  if (!Number.isSafeInteger(value) || value <= 0) reader.problems.push(`${column} "${reader.fields[at]}" is not a positive integer`);
  return value;
}

function readAmount({ reader, at, column, integer = false }: { reader: Reader; at: number; column: string; integer?: boolean }) {
  const text = reader.fields[at] ?? "";
  const value = text === "" ? Number.NaN : Number(text);
  const ok = Number.isFinite(value) && value >= 0 && (!integer || Number.isSafeInteger(value));
  if (!ok) reader.problems.push(`${column} "${text}" is not a ${integer ? "non-negative integer" : "non-negative number"}`);
  return value;
}

export function readEverefRow({ fields, columns, regions }: { fields: string[]; columns: EverefColumns; regions?: ReadonlySet<number> }): EverefRowRead {
  if (fields.length !== columns.count) return { kind: "bad", reason: `${fields.length} fields where the header has ${columns.count}` };
  const reader: Reader = { fields, problems: [] };
  const regionId = readId({ reader, at: columns.regionId, column: "region_id" });
  if (!reader.problems.length && regions && !regions.has(regionId)) return { kind: "skipped" };
  const day = fields[columns.date]!;
  if (parseUtcDay(day) === null) reader.problems.push(`date "${day}" is not a YYYY-MM-DD day`);
  const typeId = readId({ reader, at: columns.typeId, column: "type_id" });
  const average = readAmount({ reader, at: columns.average, column: "average" });
  let highest = readAmount({ reader, at: columns.highest, column: "highest" });
  let lowest = readAmount({ reader, at: columns.lowest, column: "lowest" });
  const volume = readAmount({ reader, at: columns.volume, column: "volume", integer: true });
  const orderCount = readAmount({ reader, at: columns.orderCount, column: "order_count", integer: true });
  if (reader.problems.length) return { kind: "bad", reason: reader.problems.join("; ") };
  // Some years' files carry highest and lowest in each other's place; a day's low is never above its high.
  if (lowest > highest) [lowest, highest] = [highest, lowest];
  const row: EverefHistoryRow = { typeId, regionId, day, average, highest, lowest, volume, orderCount };
  const modified = columns.httpLastModified === null ? "" : fields[columns.httpLastModified]!;
  if (modified && Number.isFinite(Date.parse(modified))) row.httpLastModified = modified;
  return { kind: "row", row };
}
