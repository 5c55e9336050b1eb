/** The compiled binary carries migrations and the SDE: it must migrate and load a database on its own. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEmptyDatabase } from "./support/database.ts";
import { createSql } from "../src/db/db.client.ts";
import { createClient } from "graphql-ws";
import { findFreePort } from "./support/ports.ts";
import { waitFor } from "./support/processes.ts";
import { createTestRedis } from "./support/redis.ts";

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

  test("the binary's serve answers GraphQL over HTTP and WebSocket, and its bundled GraphiQL", async () => {
    const redis = createTestRedis({ name: "cli-graphql" });
    const port = findFreePort();
    const serve = Bun.spawn([binary, "serve"], {
      env: { PATH: process.env.PATH ?? "", DATABASE_URL: database.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, PORT: String(port), LOG_LEVEL: "warn" },
      cwd: tmpdir(), stdout: "pipe", stderr: "pipe",
    });
    try {
      await waitFor({ what: "binary serve /ready", timeoutMs: 30_000, intervalMs: 100, check: () => fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false) });
      const query = "{ region(id: 10000002) { name } }";
      const http = await fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ query }) });
      expect(await http.json()).toEqual({ data: { region: { name: "The Forge" } } });
      const page = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { Accept: "text/html" } });
      expect(await page.text()).toContain("YogaGraphiQL");
      const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
      const overWs = await new Promise((resolve, reject) => client.subscribe({ query }, { next: resolve, error: reject, complete: () => {} }));
      expect(overWs).toEqual({ data: { region: { name: "The Forge" } } });
      await client.dispose();
    } finally {
      serve.kill("SIGTERM");
      await serve.exited;
      await redis.drop();
    }
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
