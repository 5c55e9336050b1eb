/**
 * The CLI as a new user meets it when something is wrong: each case ends with its exit code and one line on
 * stderr naming the flag or variable to fix, never a stack trace, and an unreachable server answers within 5 s.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "./support/database.ts";
import { TEST_REDIS_URL } from "./support/redis.ts";
import { findFreePort } from "./support/ports.ts";

const CLI = join(import.meta.dir, "../src/cli.ts");
const FIXTURES = join(import.meta.dir, "fixtures");
/** The bound for an unreachable server; the child is killed past it, so a hang fails the exit code. */
const ANSWER_WITHIN_MS = 5_000;

async function run({ args, env = {} }: { args: string[]; env?: Record<string, string> }) {
  // A scratch working directory keeps the repository's .env out of the way; only the given variables apply.
  const child = Bun.spawn([process.execPath, CLI, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env }, cwd: tmpdir(), stdin: "ignore", stdout: "pipe", stderr: "pipe",
    timeout: ANSWER_WITHIN_MS, killSignal: "SIGKILL",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr, lines: stderr.split("\n").filter((line) => line.trim()) };
}

function expectOneLine({ result, code, naming }: { result: Awaited<ReturnType<typeof run>>; code: number; naming: string[] }) {
  expect({ code: result.code, lines: result.lines.length }).toEqual({ code, lines: 1 });
  for (const text of naming) expect(result.lines[0]).toContain(text);
  expect(result.stderr).not.toContain("    at ");
}

describe("usage errors exit 2", () => {
  test("an unknown flag names itself and the nearest valid flag", async () => {
    expectOneLine({ result: await run({ args: ["serve", "--bogus"] }), code: 2, naming: ["unknown flag --bogus", "--help"] });
    expectOneLine({ result: await run({ args: ["queue", "stats", "--jsn"] }), code: 2, naming: ["--jsn", "did you mean --json?"] });
  });

  test("an unknown sub-command names the nearest one", async () => {
    expectOneLine({ result: await run({ args: ["queue", "statz"] }), code: 2, naming: ['"statz"', "did you mean stats?"] });
  });

  test("show given several files points to killmail import", async () => {
    const result = await run({ args: ["killmail", "show", "a.json", "b.json"] });
    expectOneLine({ result, code: 2, naming: ["show takes one file", "killboard killmail import a.json b.json"] });
  });
});

describe("bad input exits 1 before anything connects", () => {
  const unreachable = () => ({ DATABASE_URL: `postgres://killboard@127.0.0.1:${findFreePort()}/none`, REDIS_URL: `redis://127.0.0.1:${findFreePort()}/0` });

  test("a date that is not a calendar day names the flag and the value", async () => {
    const backfill = await run({ args: ["backfill", "zkillboard", "--start-date", "2023-13-01"], env: unreachable() });
    expectOneLine({ result: backfill, code: 1, naming: ["--start-date", '"2023-13-01"', "YYYY-MM-DD"] });
    const check = await run({ args: ["debug", "check-data", "--start-date", "yesterday"], env: unreachable() });
    expectOneLine({ result: check, code: 1, naming: ["--start-date", '"yesterday"'] });
  });

  test("a range that ends before it starts is refused", async () => {
    const result = await run({ args: ["backfill", "zkillboard", "--start-date", "2026-11-02", "--end-date", "2026-11-01"], env: unreachable() });
    expectOneLine({ result, code: 1, naming: ["--start-date 2026-11-02 is after --end-date 2026-11-01"] });
  });

  test("show given a file of several killmails says so and points to killmail import", async () => {
    const file = join(tmpdir(), `several-${process.pid}.jsonl`);
    writeFileSync(file, (await Bun.file(join(FIXTURES, "killmails.jsonl")).text()).split("\n").slice(0, 3).join("\n"));
    expectOneLine({ result: await run({ args: ["killmail", "show", file], env: unreachable() }), code: 1, naming: ["holds 3 killmails", `killboard killmail import ${file}`] });
  });
});

describe("unreachable servers and taken ports exit 1 within 5 s", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase({ max: 1 });
  });
  afterAll(() => db.drop());

  test("every role and command that needs Redis names REDIS_URL, never its password", async () => {
    const env = { DATABASE_URL: db.url, REDIS_URL: `redis://:hunter2@127.0.0.1:${findFreePort()}/0` };
    const commands = [["queue", "stats"], ["work"], ["listen", "r2z2"], ["backfill", "zkillboard", "--start-date", "2026-11-01"], ["serve"]];
    for (const args of commands) {
      const result = await run({ args, env });
      expectOneLine({ result, code: 1, naming: ["REDIS_URL", "127.0.0.1"] });
      expect(result.stderr).not.toContain("hunter2");
    }
  }, 30_000);

  test("every role and command that needs PostgreSQL names DATABASE_URL, never its password", async () => {
    const env = { DATABASE_URL: `postgres://killboard:hunter2@127.0.0.1:${findFreePort()}/killboard`, REDIS_URL: TEST_REDIS_URL };
    for (const args of [["debug", "check-data"], ["work"], ["serve"], ["killmail", "show", join(FIXTURES, "killmail-134398778.r2z2.json")]]) {
      const result = await run({ args, env });
      expectOneLine({ result, code: 1, naming: ["DATABASE_URL", "127.0.0.1"] });
      expect(result.stderr).not.toContain("hunter2");
    }
  }, 30_000);

  test("a taken port names PORT for serve and --port for emulate", async () => {
    const taken = Bun.serve({ port: 0, hostname: "0.0.0.0", fetch: () => new Response("taken") });
    try {
      const serve = await run({ args: ["serve"], env: { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, PORT: String(taken.port), LOG_LEVEL: "warn" } });
      expectOneLine({ result: serve, code: 1, naming: [`port ${taken.port} is already in use`, "set PORT"] });
      const emulate = await run({ args: ["emulate", "--port", String(taken.port), "--host", "0.0.0.0"], env: { LOG_LEVEL: "warn" } });
      expectOneLine({ result: emulate, code: 1, naming: [`port ${taken.port}`, "--port"] });
    } finally {
      taken.stop(true);
    }
  }, 30_000);

  test("LOG_LEVEL=debug adds the stack trace after the one line", async () => {
    const result = await run({ args: ["queue", "stats"], env: { REDIS_URL: `redis://127.0.0.1:${findFreePort()}/0`, LOG_LEVEL: "debug" } });
    expect(result.code).toBe(1);
    expect(result.lines[0]).toContain("REDIS_URL");
    expect(result.stderr).toContain("    at ");
  });
});
