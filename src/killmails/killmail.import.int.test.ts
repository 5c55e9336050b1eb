import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "../../test/support/database.ts";
import { importKillmails } from "./killmail.import.ts";

const FIXTURE = join(import.meta.dir, "../../test/fixtures/killmails.jsonl");
const records = readFileSync(FIXTURE, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));

function countItems(items: any[] = []): number {
  return items.reduce((sum, item) => sum + 1 + countItems(item.items), 0);
}

describe("killmail import of the 121 real killmails", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  test("stores every killmail with no rejection, and a second import stores nothing new", async () => {
    const first = await importKillmails({ sql: db.sql, files: [FIXTURE] });
    expect(first.rejected).toEqual([]);
    expect(first.stored).toBe(records.length);
    const second = await importKillmails({ sql: db.sql, files: [FIXTURE] });
    expect(second).toEqual({ stored: 0, duplicates: records.length, rejected: [] });
    const [row] = await db.sql<{ count: number }[]>`select count(*)::int as count from killmails`;
    expect(row?.count).toBe(records.length);
  });

  test("row counts match the ESI bodies, items counted through every nesting level", async () => {
    const expectedAttackers = records.reduce((sum, record) => sum + record.esi.attackers.length, 0);
    const expectedItems = records.reduce((sum, record) => sum + countItems(record.esi.victim.items), 0);
    const [counts] = await db.sql<{ attackers: number; items: number; nested: number }[]>`
      select (select count(*)::int from killmail_attackers) as attackers,
             (select count(*)::int from killmail_items) as items,
             (select count(*)::int from killmail_items where parent_index is not null) as nested
    `;
    expect(counts?.attackers).toBe(expectedAttackers);
    expect(counts?.items).toBe(expectedItems);
    expect(counts?.nested).toBeGreaterThan(0);
  });

  test("stored values are consistent for every killmail", async () => {
    const bad = await db.sql`
      select killmail_id from killmails
      where abs(dropped_value + destroyed_value - total_value) > 0.011
         or fitted_value > total_value + 0.001
         or least(fitted_value, dropped_value, destroyed_value, total_value) < 0
         or total_value = 'NaN' or (victim_ship_category_id = 6 and total_value <= 0)
    `;
    expect([...bad]).toEqual([]);
    const finals = await db.sql`
      select killmail_id from killmail_attackers group by killmail_id having count(*) filter (where final_blow) > 1
    `;
    expect([...finals]).toEqual([]);
    const cheapCapitals = await db.sql`
      select killmail_id from killmails where victim_ship_group_id in (30, 659) and total_value <= 1e9
    `;
    expect([...cheapCapitals]).toEqual([]);
  });

  test("every attacker's character, corporation and alliance is findable through involvement", async () => {
    const record = records.find((r) => r.esi.attackers.length >= 50)!;
    const tenth = record.esi.attackers.filter((a: any) => a.character_id)[9];
    const rows = await db.sql`
      select killmail_id from killmail_involvement
      where entity_kind = 'character' and entity_id = ${tenth.character_id} and not is_victim
    `;
    expect(rows.map((row) => row.killmailId)).toContain(record.killmail_id);
  });

  test("a kill from any month, 2003 included, gets its partition on demand", async () => {
    const file = join(tmpdir(), `old-${process.pid}.jsonl`);
    const esi = { ...records[0].esi, killmail_id: 999_000_100, killmail_time: "2003-05-06T12:00:00Z" };
    writeFileSync(file, JSON.stringify({ killmail_id: 999_000_100, hash: null, esi }) + "\n");
    const result = await importKillmails({ sql: db.sql, files: [file] });
    expect(result.stored).toBe(1);
    const [row] = await db.sql<{ partition: string }[]>`
      select tableoid::regclass::text as partition from killmails where killmail_id = 999000100
    `;
    expect(row?.partition).toBe("killmails_200305");
  });

  test("a duplicate inside one file and a malformed line are counted, the rest still lands", async () => {
    const file = join(tmpdir(), `mixed-${process.pid}.jsonl`);
    const fresh = { ...records[0], killmail_id: 999_000_001, esi: { ...records[0].esi, killmail_id: 999_000_001 } };
    const broken = { ...records[1], killmail_id: 999_000_002, esi: { ...records[1].esi, killmail_id: 999_000_002, victim: { ...records[1].esi.victim, ship_type_id: "x" } } };
    writeFileSync(file, [fresh, fresh, broken].map((r) => JSON.stringify(r)).join("\n") + "\n{not json\n");
    const result = await importKillmails({ sql: db.sql, files: [file] });
    expect(result.stored).toBe(1);
    expect(result.duplicates).toBe(1);
    expect(result.rejected.map((r) => r.line)).toEqual([3, 4]);
    expect(result.rejected[0]?.reason).toContain("esi.victim.ship_type_id");
    expect(result.rejected[1]?.reason).toContain("not JSON");
  });

  test("a record PostgreSQL refuses is rejected with its line and SQLSTATE while the rest of its batch lands", async () => {
    const file = join(tmpdir(), `refused-${process.pid}.jsonl`);
    const renumber = (record: any, killmailId: number, extra: object = {}) => ({ ...record, killmail_id: killmailId, esi: { ...record.esi, killmail_id: killmailId }, ...extra });
    // Valid to the killmail schema (zKillboard's block is passed through), but jsonb cannot hold a NUL: SQLSTATE 22P05.
    const lines = [renumber(records[0], 999_000_201), renumber(records[1], 999_000_202, { zkb: { note: "nul \u0000 inside" } }), renumber(records[2], 999_000_203)];
    writeFileSync(file, lines.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const result = await importKillmails({ sql: db.sql, files: [file] });
    expect(result.stored).toBe(2);
    expect(result.rejected).toEqual([{ file, line: 2, reason: expect.stringMatching(/^database refused the killmail: .*SQLSTATE 22P05/) }]);
    const rows = await db.sql<{ killmailId: number }[]>`select killmail_id from killmails where killmail_id between 999000201 and 999000203 order by 1`;
    expect(rows.map((row) => row.killmailId)).toEqual([999_000_201, 999_000_203]);
  });
});
