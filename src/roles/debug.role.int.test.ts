/** `debug check-data` as an operator reads it: a summary first, one line per day only when asked for. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "../../test/support/database.ts";

const CLI = join(import.meta.dir, "../cli.ts");
const TOTALS = { "20261101": 3, "20261102": 2, "20261103": 0, "20261104": 5 };

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let history: ReturnType<typeof Bun.serve>;
let totalsRequests = 0;

beforeAll(async () => {
  db = await createTestDatabase({ max: 1 });
  history = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (request) => (new URL(request.url).pathname === "/history/totals.json" ? (totalsRequests++, Response.json(TOTALS)) : new Response(null, { status: 404 })) });
});
afterAll(async () => {
  history.stop(true);
  await db.drop();
});

/** Spawned, not spawnSync: the history stub answers from this process's event loop. */
async function checkData(flags: string[], env: Record<string, string> = {}) {
  const child = Bun.spawn([process.execPath, CLI, "debug", "check-data", "--start-date", "2026-11-01", "--end-date", "2026-11-04", ...flags], {
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: db.url, R2Z2_BASE_URL: history.url.href, LOG_LEVEL: "warn", ...env },
    cwd: tmpdir(), stdout: "pipe",
  });
  const [stdout, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
  return { code, lines: stdout.trim().split("\n") };
}

test("the plain report is a summary: days checked, the gap days as ranges and the totals, without a line per day", async () => {
  const { code, lines } = await checkData([]);
  expect(code).toBe(0);
  expect(lines.slice(0, 3)).toEqual([
    "checked 4 day(s) (2026-11-01..2026-11-04): stored 0, expected 10",
    "gap days: 3 day(s): 2026-11-01..2026-11-02, 2026-11-04",
    "surplus days: none",
  ]);
  expect(lines.some((line) => line.startsWith("2026-11-0"))).toBe(false);
});

test("--days adds one line per day before the summary", async () => {
  const { code, lines } = await checkData(["--days"]);
  expect(code).toBe(0);
  expect(lines.slice(0, 4).map((line) => line.slice(0, 10))).toEqual(["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"]);
  expect(lines[4]).toStartWith("checked 4 day(s)");
});

test("--json carries every day and the summary", async () => {
  const { code, lines } = await checkData(["--json"]);
  expect(code).toBe(0);
  const report = JSON.parse(lines.at(-1)!);
  expect(report.days).toHaveLength(4);
  expect(report.summary).toMatchObject({ daysChecked: 4, expected: 10, gapRanges: ["2026-11-01..2026-11-02", "2026-11-04"] });
});

test("on a board, the report says its days are not compared with zKillboard's totals and names no gap day", async () => {
  const before = totalsRequests;
  const board = { BOARD_ENTITIES: "corporation:98000001,alliance:99000001" };
  const { code, lines } = await checkData([], board);
  expect(code).toBe(0);
  expect(lines.slice(0, 2)).toEqual([
    "checked 4 day(s) (2026-11-01..2026-11-04): stored 0",
    "board of 2 entities (BOARD_ENTITIES): day counts are not compared with zKillboard's whole-game totals",
  ]);
  expect(lines.some((line) => line.startsWith("gap days"))).toBe(false);
  const json = JSON.parse((await checkData(["--json"], board)).lines.at(-1)!);
  expect(json).toMatchObject({ stored: 0, board: { entities: 2, compared: false } });
  expect(json.summary).toBeUndefined();
  expect(json.days).toHaveLength(4);
  expect(totalsRequests).toBe(before);
});
