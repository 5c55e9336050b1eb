/** New kills for rollup tests (entity_totals, entity_tops, entity_daily), arriving as they do on a board that has run a while. */
import type { Sql } from "../../src/db/db.client.ts";
import { importKillmails } from "../../src/killmails/killmail.import.ts";
import { readFixture, type FixtureRecord } from "../e2e/seed.ts";

/** Stores `records` again as `firstId`, `firstId + 1`, …, through the import path; `time` re-dates every copy. */
export async function storeCopies({ sql, records, firstId, time }: { sql: Sql; records: FixtureRecord[]; firstId: number; time?: Date }) {
  const lines = records.map((record, index) => JSON.stringify({
    ...record, killmail_id: firstId + index,
    esi: { ...record.esi, killmail_id: firstId + index, ...(time ? { killmail_time: time.toISOString().replace(".000Z", "Z") } : {}) },
  }));
  const path = `/tmp/killboard-rollup-copies-${process.pid}-${firstId}.jsonl`;
  await Bun.write(path, `${lines.join("\n")}\n`);
  const result = await importKillmails({ sql, files: [path] });
  if (result.rejected.length) throw new Error(`copies rejected: ${result.rejected[0]?.reason}`);
  return lines.length;
}

/**
 * The seeded kills stored an hour ago and `watermark`'s last refresh half an hour ago; then three new kills
 * (`firstId`…) and one (`firstId + 100_000`) stamped a minute before that refresh but committed after it, which
 * only the look-back margin finds.
 */
export async function storeAfterLastRefresh({ sql, watermark, firstId }: { sql: Sql; watermark: string; firstId: number }) {
  await sql`update killmails set stored_at = now() - interval '1 hour'`;
  await sql`update rollup_watermarks set stored_through = now() - interval '30 minutes' where name = ${watermark}`;
  await storeCopies({ sql, records: readFixture().slice(0, 3), firstId });
  const late = firstId + 100_000;
  await storeCopies({ sql, records: readFixture().slice(0, 1), firstId: late });
  await sql`update killmails set stored_at = (select stored_through from rollup_watermarks where name = ${watermark}) - interval '1 minute'
    where killmail_id = ${late}`;
}
