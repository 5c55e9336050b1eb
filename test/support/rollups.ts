/** New kills for rollup tests (entity_totals, entity_tops), arriving as they do on a board that has run a while. */
import type { Sql } from "../../src/db/db.client.ts";
import { importKillmails } from "../../src/killmails/killmail.import.ts";
import { readFixture } from "../e2e/seed.ts";

/** Real killmails under new ids (the same people and places), stored through the import path. */
async function storeCopies({ sql, count, firstId }: { sql: Sql; count: number; firstId: number }) {
  const lines = readFixture().slice(0, count).map((record, index) =>
    JSON.stringify({ ...record, killmail_id: firstId + index, esi: { ...record.esi, killmail_id: firstId + index } }));
  const path = `/tmp/killboard-rollup-copies-${process.pid}-${firstId}.jsonl`;
  await Bun.write(path, `${lines.join("\n")}\n`);
  await importKillmails({ sql, files: [path] });
}

/**
 * The seeded kills stored an hour ago and `watermark`'s last refresh half an hour ago; then three new kills
 * (`firstId`…) and one (`firstId + 100_000`) stamped a minute before that refresh but committed after it, which
 * only the look-back margin finds.
 */
export async function storeAfterLastRefresh({ sql, watermark, firstId }: { sql: Sql; watermark: string; firstId: number }) {
  await sql`update killmails set stored_at = now() - interval '1 hour'`;
  await sql`update rollup_watermarks set stored_through = now() - interval '30 minutes' where name = ${watermark}`;
  await storeCopies({ sql, count: 3, firstId });
  const late = firstId + 100_000;
  await storeCopies({ sql, count: 1, firstId: late });
  await sql`update killmails set stored_at = (select stored_through from rollup_watermarks where name = ${watermark}) - interval '1 minute'
    where killmail_id = ${late}`;
}
