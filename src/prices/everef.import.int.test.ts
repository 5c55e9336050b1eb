/** `prices import everef` against real PostgreSQL: local files of every EVE Ref layout, and the emulator's archive. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "../../test/support/database.ts";
import { runRole } from "../../test/support/processes.ts";
import { compressBzip2 } from "../upstream/emulator/everef.routes.ts";
import { startTestEmulator, type TestEmulator } from "../upstream/emulator/emulator.testing.ts";
import { importEverefHistory } from "./everef.import.ts";

const FORGE = 10000002;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sandbox: TestEmulator;
let dir: string;

/** Three days in the three layouts EVE Ref used, one of them bzip2, one with a corrupt line; and one broken bzip2. */
async function writeDayFiles() {
  dir = mkdtempSync(join(tmpdir(), "everef-"));
  mkdirSync(join(dir, "2017"));
  writeFileSync(join(dir, "2017", "market-history-2017-06-01.csv"), [
    "date,region_id,type_id,average,highest,lowest,volume,order_count",
    "2017-06-01,10000002,34,5.5,6,5,1000000,120",
    "2017-06-01,10000043,34,5.9,6.1,5.2,2000,12",
    "2017-06-01,10000002,35,9.25,10,8.5,500000,80",
  ].join("\n"));
  writeFileSync(join(dir, "market-history-2019-03-01.csv.bz2"), await compressBzip2({ text: [
    "date,region_id,type_id,average,lowest,highest,volume,order_count",
    "2019-03-01,10000002,34,4.4,4,4.9,900000,100",
    "2019-03-01,10000002,35,not-a-price,8,9,10,1",
    "2019-03-01,10000002,36,60,55,65,3000,30",
  ].join("\n") + "\n" }));
  writeFileSync(join(dir, "market-history-2021-01-01.csv"), [
    "average,date,highest,lowest,order_count,volume,http_last_modified,region_id,type_id",
    "4.1,2021-01-01,4.5,3.9,90,800000,2021-01-02T11:05:00Z,10000002,34",
    "2000000,2021-01-01,2100000,1900000,4,5,2021-01-02T11:05:00Z,10000002,587",
  ].join("\r\n") + "\r\n");
  writeFileSync(join(dir, "market-history-2021-01-02.csv.bz2"), new TextEncoder().encode("BZh9 this is no bzip2 stream at all"));
}

beforeAll(async () => {
  db = await createTestDatabase();
  sandbox = await startTestEmulator();
  await writeDayFiles();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await sandbox?.stop();
  await db?.drop();
});

const everefRows = async () => [...await db.sql<{ typeId: number; day: string; average: number; highest: number; lowest: number; volume: number; orderCount: number }[]>`
  select type_id, to_char(day, 'YYYY-MM-DD') as day, average, highest, lowest, volume::int, order_count::int
  from price_history where source = 'everef' order by day, type_id`];
const cli = (args: string[]) => runRole({ args: ["prices", "import", "everef", ...args], env: { DATABASE_URL: db.url } });

test("every header variant and bzip2 import what is valid, name the bad line and the broken file, and exit non-zero", async () => {
  const { exitCode, output } = await cli([dir]);
  expect(exitCode).toBe(1);
  expect(output).toContain("market-history-2019-03-01.csv.bz2 line 3: average \"not-a-price\" is not a non-negative number");
  expect(output).toMatch(/market-history-2021-01-02\.csv\.bz2 failed: .*bzip2/);
  expect(output).toContain("4 files: 3 imported, 0 already imported, 0 missing, 1 failed");
  expect(output).toContain("6 rows in regions 10000002 (6 new or changed), 1 bad lines skipped");
  expect(output).toMatch(/error: prices\.everef_failed: 1 of 4 files failed/);
  expect(await everefRows()).toEqual([
    { typeId: 34, day: "2017-06-01", average: 5.5, highest: 6, lowest: 5, volume: 1000000, orderCount: 120 },
    { typeId: 35, day: "2017-06-01", average: 9.25, highest: 10, lowest: 8.5, volume: 500000, orderCount: 80 },
    // The 2018–2020 layout has lowest before highest: read by name, they land in the right columns.
    { typeId: 34, day: "2019-03-01", average: 4.4, highest: 4.9, lowest: 4, volume: 900000, orderCount: 100 },
    { typeId: 36, day: "2019-03-01", average: 60, highest: 65, lowest: 55, volume: 3000, orderCount: 30 },
    { typeId: 34, day: "2021-01-01", average: 4.1, highest: 4.5, lowest: 3.9, volume: 800000, orderCount: 90 },
    { typeId: 587, day: "2021-01-01", average: 2000000, highest: 2100000, lowest: 1900000, volume: 5, orderCount: 4 },
  ]);
});

test("a second run skips the files imported completely and retries only the failed one; --force re-reads and changes nothing", async () => {
  const again = await cli([dir]);
  expect(again.output).toContain("4 files: 0 imported, 3 already imported, 0 missing, 1 failed");
  const forced = await cli([dir, "--force", "--to", "2021-01-01"]);
  expect(forced.exitCode).toBe(0);
  expect(forced.output).toContain("3 files: 3 imported, 0 already imported, 0 missing, 0 failed");
  expect(forced.output).toContain("6 rows in regions 10000002 (0 new or changed), 1 bad lines skipped");
  expect(await everefRows()).toHaveLength(6);
});

test("--region chooses the regions kept; a file done for The Forge is read again for a region it was not done for", async () => {
  const { exitCode, output } = await cli([dir, "--region", "10000043", "--region", String(FORGE), "--to", "2017-06-01"]);
  expect(exitCode).toBe(0);
  expect(output).toContain("1 files: 1 imported");
  const [row] = await db.sql<{ average: number }[]>`select average from price_history where region_id = 10000043 and type_id = 34 and day = '2017-06-01'`;
  expect(row?.average).toBe(5.9);
});

test("the emulator's archive over a short range imports as emulated history, and again changes nothing", async () => {
  const base = `${sandbox.server.url}/market-history`;
  const regions = [FORGE];
  const first = await importEverefHistory({ sql: db.sql, source: base, from: "2024-05-01", to: "2024-05-03", regions });
  expect(first).toMatchObject({ files: 3, imported: 3, failed: 0, badLines: 0 });
  expect(first.rows).toBeGreaterThan(100);
  expect(first.changed).toBe(first.rows);
  const [stored] = await db.sql<{ count: number; days: number }[]>`
    select count(*)::int as count, count(distinct day)::int as days from price_history where source = 'emulated' and day between '2024-05-01' and '2024-05-03'`;
  expect(stored).toEqual({ count: first.rows, days: 3 });
  const resumed = await importEverefHistory({ sql: db.sql, source: base, from: "2024-05-01", to: "2024-05-03", regions });
  expect(resumed).toMatchObject({ files: 3, imported: 0, skipped: 3, rows: 0 });
  const forced = await importEverefHistory({ sql: db.sql, source: base, from: "2024-05-01", to: "2024-05-03", regions, force: true });
  expect(forced).toMatchObject({ imported: 3, rows: first.rows, changed: 0 });
});

test("a day file the server does not have is reported as failed with its 404", async () => {
  const { exitCode, output } = await cli([`${sandbox.server.url}/market-history/2099/market-history-2099-01-01.csv.bz2`]);
  expect(exitCode).toBe(1);
  expect(output).toMatch(/market-history-2099-01-01\.csv\.bz2 failed: .*not found \(404\)/);
  expect(output).toContain("1 files: 0 imported, 0 already imported, 0 missing, 1 failed");
});
