/** The killmail CLI as a user runs it: exit codes, JSON shapes, and errors that name the problem. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "../../test/support/database.ts";

const CLI = join(import.meta.dir, "../cli.ts");
const FIXTURES = join(import.meta.dir, "../../test/fixtures");

describe("killmail CLI", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const run = (args: string[], stdin?: string) => {
    const result = Bun.spawnSync(["bun", CLI, ...args], {
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: "warn" },
      cwd: tmpdir(),
      stdin: stdin === undefined ? "ignore" : new TextEncoder().encode(stdin),
    });
    return { code: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  test("show --json prints an R2Z2-shaped record with our derived object, and stores nothing", async () => {
    const { code, stdout } = run(["killmail", "show", "--json", join(FIXTURES, "killmail-134398778.r2z2.json")]);
    expect(code).toBe(0);
    const record = JSON.parse(stdout);
    expect(record.killmail_id).toBe(134398778);
    expect(record.hash).toBe("6b9681d6860f9ac9df634659231448017c977edb");
    expect(record.esi.victim.ship_type_id).toBeNumber();
    expect(Object.keys(record.zkb)).toEqual(expect.arrayContaining(["hash", "fittedValue", "droppedValue", "destroyedValue", "totalValue", "points", "npc", "solo", "awox", "labels", "attackerCount"]));
    expect(record.zkb.awox).toBe(true);
    expect(record.derived.attackers).toHaveLength(1);
    expect(record.derived.involvement.length).toBeGreaterThan(0);
    const [row] = await db.sql<{ count: number }[]>`select count(*)::int as count from killmails`;
    expect(row?.count).toBe(0);
  });

  test("show reads stdin and prints a readable summary", () => {
    const body = readFileSync(join(FIXTURES, "killmail-134398778.r2z2.json"), "utf8");
    const { code, stdout } = run(["killmail", "show", "-"], body);
    expect(code).toBe(0);
    expect(stdout).toContain("killmail 134398778");
    expect(stdout).toContain("labels:");
  });

  test("show on a malformed killmail exits non-zero naming the JSON path", () => {
    const file = join(tmpdir(), `bad-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ killmail_id: 1, killmail_time: "2020-01-01T00:00:00Z", solar_system_id: 30000142, attackers: [], victim: { damage_taken: 1, ship_type_id: 670, items: [{ flag: "x", item_type_id: 1, singleton: 0 }] } }));
    const { code, stderr } = run(["killmail", "show", file]);
    expect(code).not.toBe(0);
    expect(stderr).toContain("victim.items[0].flag");
  });

  test("import --json reports stored, duplicates and each rejection with its line", () => {
    const file = join(tmpdir(), `import-${process.pid}.jsonl`);
    writeFileSync(file, `${readFileSync(join(FIXTURES, "killmails.jsonl"), "utf8").split("\n").slice(0, 3).join("\n")}\nnot json\n`);
    const first = JSON.parse(run(["killmail", "import", "--json", file]).stdout);
    expect(first.stored).toBe(3);
    expect(first.rejected).toEqual([{ file, line: 4, reason: expect.stringContaining("not JSON") }]);
    const second = JSON.parse(run(["killmail", "import", "--json", file]).stdout);
    expect(second.stored).toBe(0);
    expect(second.duplicates).toBe(3);
  });
});
