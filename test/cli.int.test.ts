/** The compiled binary carries migrations and the SDE: it must migrate and load a database on its own. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEmptyDatabase } from "./support/database.ts";
import { createSql } from "../src/db/db.client.ts";

const root = join(import.meta.dir, "..");
const binary = join(mkdtempSync(join(tmpdir(), "killboard-bin-")), "killboard");

function run(args: string[], env: Record<string, string> = {}) {
  // A scratch working directory keeps the repository's .env out of the binary's view.
  const result = Bun.spawnSync([binary, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, cwd: tmpdir() });
  return { code: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

describe("compiled killboard binary", () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  beforeAll(async () => {
    const build = Bun.spawnSync(["bun", "build", "src/cli.ts", "--compile", "--outfile", binary], { cwd: root });
    if (build.exitCode !== 0) throw new Error(`build failed: ${build.stderr}`);
    database = await createEmptyDatabase();
  }, 120_000);
  afterAll(() => database.drop());

  test("--help lists the commands", () => {
    const { code, stdout } = run(["--help"]);
    expect(code).toBe(0);
    for (const command of ["migrate", "sde", "config", "version"]) expect(stdout).toContain(command);
  });

  test("migrates, then applies nothing the second time, then loads the SDE", async () => {
    const env = { DATABASE_URL: database.url };
    const first = run(["migrate"], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/applied \d+ migration/);
    const second = run(["migrate"], env);
    expect(second.stdout).toContain("nothing to apply");
    const load = run(["sde", "load"], env);
    expect(load.code).toBe(0);
    expect(load.stdout).toMatch(/types\s+4[89]\d{3}/);
    const sql = createSql({ url: database.url, max: 1 });
    const [row] = await sql<{ name: string }[]>`select name from types where type_id = 670`;
    await sql.end();
    expect(row?.name).toBe("Capsule");
  }, 60_000);

  test("a malformed DATABASE_URL fails with one line naming it and exit code 1", () => {
    const { code, stderr } = run(["migrate"], { DATABASE_URL: "not a url" });
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("DATABASE_URL");
  });

  test("an unreachable database fails with one line naming DATABASE_URL and exit code 1", () => {
    const { code, stderr } = run(["migrate"], { DATABASE_URL: "postgres://killboard@127.0.0.1:1/none" });
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("DATABASE_URL");
  });
});
