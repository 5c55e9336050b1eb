/**
 * `killboard webhook` as an operator meets it: bad input is one line and a non-zero exit (before anything
 * connects), an unknown id says so, and a Discord URL's token and an HMAC secret never appear in what it prints.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "../../test/support/database.ts";
import { findFreePort } from "../../test/support/ports.ts";

const CLI = join(import.meta.dir, "../cli.ts");
const TOKEN = "zYxWvUtSrQpOnMlKjIhGfEdCbA9876543210abcdefghijklmnopqrstuvwxyz012345";
const DISCORD = `https://discord.com/api/webhooks/112233445566778899/${TOKEN}`;
const SECRET = "an-hmac-secret-nobody-may-see-0123";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

async function run(args: string[], { database = true } = {}) {
  const DATABASE_URL = database ? db.url : `postgres://killboard@127.0.0.1:${findFreePort()}/none`;
  const child = Bun.spawn([process.execPath, CLI, "webhook", ...args], {
    env: { PATH: process.env.PATH ?? "", DATABASE_URL, LOG_LEVEL: "warn" }, cwd: tmpdir(), stdin: "ignore", stdout: "pipe", stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr, lines: stderr.split("\n").filter((line) => line.trim()) };
}

async function expectOneLine(args: string[], { code, naming, database = false }: { code: number; naming: string; database?: boolean }) {
  const result = await run(args, { database });
  expect({ code: result.code, lines: result.lines.length, stdout: result.stdout }).toEqual({ code, lines: 1, stdout: "" });
  expect(result.lines[0]).toContain(naming);
  return result.lines[0]!;
}

test("a bad URL, filter, format or secret is refused in one line before any connection, naming what is wrong", async () => {
  await expectOneLine(["add", "ftp://example.com/hook"], { code: 1, naming: "<URL> must be an http:// or https:// URL" });
  await expectOneLine(["add", "https://example.com/hook", "--filter", "entityKind=character"], { code: 1, naming: "--filter: entityId: entityKind and entityId go together" });
  await expectOneLine(["add", "https://example.com/hook", "--filter", '{"minValue":"lots"}'], { code: 1, naming: "--filter: minValue:" });
  await expectOneLine(["add", "https://example.com/hook", "--filter", "colour=red"], { code: 1, naming: "colour" });
  await expectOneLine(["add", "https://example.com/hook", "--format", "xml"], { code: 1, naming: "--format" });
  await expectOneLine(["add", "https://example.com/hook", "--format", "json"], { code: 1, naming: "--secret is required with --format json" });
  const line = await expectOneLine(["add", DISCORD, "--secret", "short secret"], { code: 1, naming: "--secret must" });
  expect(line).not.toContain("short secret");
  expect(line).not.toContain(TOKEN);
  await expectOneLine(["add", "https://example.com/hook", "--fromat", "json"], { code: 2, naming: "did you mean --format?" });
  await expectOneLine(["add"], { code: 2, naming: "missing <URL>" });
});

test("removing or enabling an unknown id is one line and exit 1", async () => {
  await expectOneLine(["remove", "999"], { code: 1, naming: "no webhook with id 999", database: true });
  await expectOneLine(["enable", "999"], { code: 1, naming: "no webhook with id 999", database: true });
  await expectOneLine(["remove", "abc"], { code: 1, naming: 'no webhook with id "abc"' });
});

test("add, list and enable show the webhook with its URL masked and its secret hidden; remove deletes it", async () => {
  const added = await run(["add", DISCORD, "--secret", SECRET, "--name", "corp intel", "--filter", "entityKind=corporation&entityId=98000001&label=solo"]);
  expect(added.code).toBe(0);
  expect(added.stdout).toContain("added webhook #1: discord to https://discord.com/api/webhooks/1122…/zYxW…, filter entityKind=corporation&entityId=98000001&label=solo");
  await db.sql`update webhooks set enabled = false, consecutive_failures = 20, disabled_reason = '20 failed deliveries in a row'`;
  const list = await run(["list"]);
  expect(list.stdout).toContain("#1 corp intel  DISABLED (20 failed deliveries in a row)  discord  https://discord.com/api/webhooks/1122…/zYxW…");
  expect(list.stdout).toContain(`secret: set (${SECRET.length} chars)`);
  const json = await run(["list", "--json"]);
  expect(JSON.parse(json.stdout)[0]).toMatchObject({ id: 1, enabled: false, consecutiveFailures: 20, secret: `set (${SECRET.length} chars)` });
  for (const output of [added, list, json]) {
    const text = output.stdout + output.stderr;
    expect(text).not.toContain(TOKEN.slice(4, 20));
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("112233445566778899");
  }
  expect((await run(["enable", "1"])).code).toBe(0);
  expect((await run(["list"])).stdout).toContain("#1 corp intel  enabled");
  expect((await run(["remove", "1"])).stdout).toContain("removed webhook #1");
  expect((await run(["list"])).stdout).toContain("no webhooks");
});
