/** Helpers for the history module's tests: copies of the real killmails stored under new ids, at chosen times if asked. */
import type { Sql } from "../../src/db/db.client.ts";
import { importKillmails } from "../../src/killmails/killmail.import.ts";
import type { FixtureRecord } from "../e2e/seed.ts";

/** Stores `records` again as `firstId`, `firstId + 1`, …, through the import path; `time` re-dates every copy. */
export async function storeCopies({ sql, records, firstId, time }: { sql: Sql; records: FixtureRecord[]; firstId: number; time?: Date }) {
  const lines = records.map((record, index) => JSON.stringify({
    ...record, killmail_id: firstId + index,
    esi: { ...record.esi, killmail_id: firstId + index, ...(time ? { killmail_time: time.toISOString().replace(".000Z", "Z") } : {}) },
  }));
  const path = `/tmp/killboard-history-copies-${process.pid}-${firstId}.jsonl`;
  await Bun.write(path, `${lines.join("\n")}\n`);
  const result = await importKillmails({ sql, files: [path] });
  if (result.rejected.length) throw new Error(`copies rejected: ${result.rejected[0]?.reason}`);
  return lines.length;
}

