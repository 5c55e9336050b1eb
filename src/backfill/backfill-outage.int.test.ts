/**
 * `backfill --raw` when the database goes away mid-day (a proxy cut right after the day's first batch commits):
 * the run fails, the day stays incomplete and nothing is counted as rejected; a resumed run lands exactly the rest.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import { createSql } from "../db/db.client.ts";
import { loadEmulatorDataset } from "../upstream/emulator/dataset.ts";
import { createEmulator } from "../upstream/emulator/emulator.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { TEST_REDIS_URL } from "../../test/support/redis.ts";
import { startTcpProxy } from "../../test/support/tcp-proxy.ts";
import { BACKFILL_BATCH_SIZE } from "./backfill.usecases.ts";
import { backfillZkillboard } from "./backfill.service.ts";

const DAY = "2026-11-02";
const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "backfill-outage" });

let emulator: Awaited<ReturnType<typeof createEmulator>>;
let server: Awaited<ReturnType<Awaited<ReturnType<typeof createEmulator>>["start"]>>;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let listed = 0;

beforeAll(async () => {
  // More than one batch in the day, so the cut falls between two of them.
  emulator = await createEmulator({ dataset: await loadEmulatorDataset({ synthetic: BACKFILL_BATCH_SIZE + 200, startDate: DAY, endDate: DAY }) });
  server = await emulator.start({ port: 0 });
  listed = ((await (await fetch(`${server.r2z2}/history/totals.json`)).json()) as Record<string, number>)[DAY.replaceAll("-", "")] ?? 0;
  db = await createTestDatabase();
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

async function backfillThrough({ url }: { url: string }) {
  const sql = createSql({ url, max: 4 });
  try {
    return await backfillZkillboard({
      sql, logger, historyBaseUrl: server.r2z2, userAgent: "killboard-test", redisUrl: TEST_REDIS_URL, prefix: "unused",
      startDate: DAY, endDate: DAY, raw: true,
    });
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function readState() {
  const [row] = await db.sql<{ ids: number; killmails: number; completed: boolean; rejected: number }[]>`
    select (select count(*)::int from killmail_ids) as ids,
           (select count(*)::int from killmails) as killmails,
           coalesce((select completed_at is not null from backfill_days where day = ${DAY}::date), false) as completed,
           coalesce((select sum(count)::int from ingest_outcomes where outcome = 'rejected'), 0) as rejected
  `;
  return row!;
}

test("a day that loses its database fails without completing or rejecting anything, and a resumed run lands the rest once", async () => {
  expect(listed).toBeGreaterThan(BACKFILL_BATCH_SIZE);
  const proxy = await startTcpProxy({ url: db.url, cutAfter: { fromServer: "COMMIT\0", times: 1 } });
  try {
    expect(await backfillThrough({ url: proxy.url }).then(() => "finished", () => "failed")).toBe("failed");
    const before = await readState();
    expect(before.ids).toBeGreaterThan(0);
    expect(before.ids).toBeLessThan(listed);
    expect(before).toMatchObject({ killmails: before.ids, completed: false, rejected: 0 });

    proxy.restore();
    const progress = await backfillThrough({ url: proxy.url });
    expect(progress).toMatchObject({ handedOff: listed - before.ids, skipped: before.ids, rejected: 0 });
    expect(await readState()).toEqual({ ids: listed, killmails: listed, completed: true, rejected: 0 });
  } finally {
    await proxy.close();
  }
}, 60_000);
