import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestUniverse, readFixtureKillmails } from "../../test/support/universe.ts";
import { deriveKillmail } from "./killmail.models.ts";
import { createKillmailRepository } from "./killmail.repository.ts";
import { parseKillmailInput } from "./killmail.schemas.ts";
import type { DerivedKillmail } from "./killmail.types.ts";

async function derivedAt({ killmailId, time }: { killmailId: number; time: string }): Promise<DerivedKillmail> {
  const [record] = await readFixtureKillmails();
  const esi = { ...record!.esi, killmail_id: killmailId, killmail_time: time };
  const input = parseKillmailInput({ json: { killmail_id: killmailId, hash: null, esi }, source: "import", firstSeenAt: new Date() });
  return deriveKillmail({ input, context: await createTestUniverse() });
}

describe("killmail repository", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  test("a kill in a month whose partitions were not made ahead is reported; an old month is not", async () => {
    const late: string[] = [];
    const repository = createKillmailRepository({ sql: db.sql, onLatePartition: ({ month }) => late.push(month) });
    const now = new Date();
    const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 10));
    await repository.storeKillmails({ killmails: [await derivedAt({ killmailId: 990_000_101, time: nextMonth.toISOString() })] });
    await repository.storeKillmails({ killmails: [await derivedAt({ killmailId: 990_000_102, time: "2009-03-10T10:00:00Z" })] });
    expect(late).toEqual([`${nextMonth.toISOString().slice(0, 7)}-01`]);
    // Made ahead (as the cron partitions job does), the month after is not late.
    const inTwo = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 10));
    await repository.ensureMonthPartitions({ months: [`${inTwo.toISOString().slice(0, 7)}-01`] });
    await createKillmailRepository({ sql: db.sql, onLatePartition: ({ month }) => late.push(month) })
      .storeKillmails({ killmails: [await derivedAt({ killmailId: 990_000_103, time: inTwo.toISOString() })] });
    expect(late).toHaveLength(1);
  });

  test("every killmails partition, made by the migration or later by the store, samples labels ten times over", async () => {
    // A rare label's kill-type list is planned from these statistics (migration 00031).
    await createKillmailRepository({ sql: db.sql }).storeKillmails({ killmails: [await derivedAt({ killmailId: 990_000_151, time: "2011-07-04T10:00:00Z" })] });
    const targets = await db.sql<{ partition: string; target: number }[]>`
      select c.relname as partition, a.attstattarget::int as target from pg_inherits i join pg_class c on c.oid = i.inhrelid
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'labels' where i.inhparent = 'killmails'::regclass`;
    expect(targets.map((row) => row.partition)).toContain("killmails_201107");
    expect(targets.filter((row) => row.target !== 1000)).toEqual([]);
  });

  test("a rolled-back batch does not leave its new month unstorable for the same process", async () => {
    const repository = createKillmailRepository({ sql: db.sql });
    const good = await derivedAt({ killmailId: 990_000_001, time: "2031-05-10T10:00:00Z" });
    const poison = { ...(await derivedAt({ killmailId: 990_000_002, time: "2031-05-11T10:00:00Z" })), spaceClass: null as never };
    await expect(repository.storeKillmails({ killmails: [good, poison] })).rejects.toThrow();
    const { storedIds } = await repository.storeKillmails({ killmails: [good] });
    expect(storedIds).toEqual([990_000_001]);
  });

  test("the same killmail stored by two concurrent transactions is stored once", async () => {
    const repository = createKillmailRepository({ sql: db.sql });
    const killmail = await derivedAt({ killmailId: 990_000_010, time: "2031-06-01T10:00:00Z" });
    const results = await Promise.all([1, 2, 3].map(() => repository.storeKillmails({ killmails: [killmail] })));
    expect(results.flatMap((result) => result.storedIds)).toEqual([990_000_010]);
    expect(results.flatMap((result) => result.duplicateIds)).toEqual([990_000_010, 990_000_010]);
    const [row] = await db.sql<{ count: number }[]>`select count(*)::int as count from killmail_attackers where killmail_id = 990000010`;
    expect(row?.count).toBe(killmail.attackers.length);
  });
});
