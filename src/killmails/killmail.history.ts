/**
 * zKillboard's daily history file (`history/<YYYYMMDD>.json`, cron/9.dayDump.php), served at the API's path and
 * at R2Z2's: one UTC day's {killmail_id: hash}. Each route answers a bad or empty day its own way.
 */
import { HOUR_MS } from "../app/time.ts";
import type { Sql } from "../db/db.client.ts";
import { createKillmailReadRepository } from "./killmail.read.repository.ts";

/** Late killmails still land for a few hours after a day ends; past this a day's file no longer changes. */
export const HISTORY_SETTLED_MS = 6 * HOUR_MS;

type HistoryRow = { killmailId: number; hash: string | null };

/** The day's killmails in id order, and whether the day is settled (safe to cache for long). */
export async function readHistoryDay({ sql, day, now }: { sql: Sql; day: { from: Date; to: Date }; now: Date }) {
  const rows = await createKillmailReadRepository({ sql }).listDayHashes(day);
  return { rows, settled: day.to.getTime() < now.getTime() - HISTORY_SETTLED_MS };
}

/** Built by hand so the keys stay in id order whatever the engine does with integer-like keys. */
export const toHistoryJson = (rows: HistoryRow[]) => `{${rows.map((row) => `"${row.killmailId}":${JSON.stringify(row.hash)}`).join(",")}}`;

export const historyCacheControl = ({ settled }: { settled: boolean }) => (settled ? "public, max-age=31536000" : "public, max-age=300");
