/** Generated data for bench:prices: a year of daily history per type, EVE Ref day-file text, stored synthetic kills. */
import { DAY_MS } from "../src/app/time.ts";
import type { Sql } from "../src/db/db.client.ts";
import { createSyntheticKillmails, mixHash } from "../src/killmails/killmail.synthetic.ts";
import { collectPricedTypeIds, createKillmailProcessor } from "../src/killmails/killmail.usecases.ts";
import type { EsiKillmail } from "../src/killmails/killmail.schemas.ts";
import { createKillmailRepository } from "../src/killmails/killmail.repository.ts";
import type { KillmailInput } from "../src/killmails/killmail.types.ts";
import type { HistoryRow } from "../src/prices/prices.repository.ts";
import { THE_FORGE_REGION_ID } from "../src/prices/prices.types.ts";
import { readRealKillmails } from "./support.ts";


export const daysFrom = (start: string, count: number) =>
  Array.from({ length: count }, (_, index) => new Date(Date.parse(`${start}T00:00:00Z`) + index * DAY_MS).toISOString().slice(0, 10));

/** A deterministic daily average around a per-type level (0.1 ISK .. ~10b), about ±10% day to day; ~3% of days missing. */
export function generatedAverage(typeId: number, dayIndex: number) {
  const level = 10 ** ((mixHash(typeId, 1) % 1100) / 100 - 1);
  const noise = 0.9 + (mixHash(typeId, dayIndex, 2) % 2000) / 10_000;
  return Math.round(level * noise * 100) / 100;
}
export const hasDay = (typeId: number, dayIndex: number) => mixHash(typeId, dayIndex, 3) % 100 >= 3;

export function generateHistory({ typeIds, days, regionId = THE_FORGE_REGION_ID, source = "emulated" as HistoryRow["source"] }: { typeIds: number[]; days: string[]; regionId?: number; source?: HistoryRow["source"] }) {
  const rows: HistoryRow[] = [];
  for (const typeId of typeIds) {
    days.forEach((day, index) => {
      if (!hasDay(typeId, index)) return;
      const average = generatedAverage(typeId, index);
      rows.push({ typeId, regionId, day, average, highest: average * 1.05, lowest: average * 0.95, volume: 1 + (mixHash(typeId, index, 4) % 100_000), orderCount: 1 + (mixHash(typeId, index, 5) % 500), source });
    });
  }
  return rows;
}

export const toHistoryTableRows = (rows: HistoryRow[]) => rows.map((row) => ({
  type_id: row.typeId, region_id: row.regionId, day: row.day, average: row.average, highest: row.highest, lowest: row.lowest,
  volume: row.volume, order_count: row.orderCount, source: row.source,
}));

/** One EVE Ref day file (today's alphabetical header, with http_last_modified) as bytes, in 64 KiB chunks. */
export function everefDayFile(rows: HistoryRow[]) {
  const header = "average,date,highest,http_last_modified,lowest,order_count,region_id,type_id,volume";
  const lines = rows.map((row) => `${row.average},${row.day},${row.highest},${row.day}T11:05:00Z,${row.lowest},${row.orderCount},${row.regionId},${row.typeId},${row.volume}`);
  const bytes = new TextEncoder().encode(`${header}\n${lines.join("\n")}\n`);
  const CHUNK = 65_536;
  return Array.from({ length: Math.ceil(bytes.length / CHUNK) }, (_, index) => bytes.subarray(index * CHUNK, (index + 1) * CHUNK));
}

/** Every type a kill of the real corpus carries (hulls and items, nested too). */
export function corpusTypeIds() {
  const ids = new Set<number>();
  for (const record of readRealKillmails()) collectPricedTypeIds({ esi: record.esi as EsiKillmail, into: ids });
  return ids;
}

/** `count` synthetic kills derived through the real model and stored by the bulk store (storing is not what is measured). */
export async function storeSyntheticKills({ sql, count, startDate, endDate, chunk = 5_000, onChunk }: {
  sql: Sql; count: number; startDate: string; endDate: string; chunk?: number; onChunk?: (stored: number) => void;
}) {
  const synthetic = createSyntheticKillmails({ base: readRealKillmails(), count, startDate, endDate });
  for (const month of new Set(daysFrom(startDate, (Date.parse(endDate) - Date.parse(startDate)) / DAY_MS + 1).map((day) => `${day.slice(0, 7)}-01`))) {
    await sql`select ensure_killmail_partitions(${month}::date)`;
  }
  const processor = await createKillmailProcessor({ sql });
  const repository = createKillmailRepository({ sql });
  const firstSeenAt = new Date();
  let batch: KillmailInput[] = [];
  let stored = 0;
  const flush = async () => {
    await repository.storeKillmails({ killmails: await processor.deriveKillmails({ inputs: batch }) });
    stored += batch.length;
    batch = [];
    onChunk?.(stored);
  };
  for (const record of synthetic.records()) {
    batch.push({ killmailId: record.killmail_id, hash: record.hash, esi: record.esi as KillmailInput["esi"], source: "import", firstSeenAt });
    if (batch.length === chunk) await flush();
  }
  if (batch.length) await flush();
  return stored;
}
