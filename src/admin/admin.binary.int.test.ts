/**
 * The compiled binary, run from a folder without node_modules, serves bull-board's page and files from what it
 * embedded, answers /admin only with the token, beats its heartbeat, and `killboard status` sees it.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { waitFor } from "../../test/support/processes.ts";
import { bullBoardFiles } from "./bull-board.assets.ts";

const TOKEN = "binary-token-0123456789abcdef0123456789";
const root = join(import.meta.dir, "../..");
const scratch = mkdtempSync(join(tmpdir(), "killboard-admin-bin-"));
const binary = join(scratch, "killboard");
const redis = createTestRedis({ name: "admin-binary" });
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let serve: Bun.Subprocess<"ignore", "pipe", "pipe">;
let base: string;
let env: Record<string, string>;

beforeAll(async () => {
  const build = Bun.spawn(["bun", "build", "src/cli.ts", "--compile", "--outfile", binary], { cwd: root, stderr: "pipe" });
  if ((await build.exited) !== 0) throw new Error(`build failed: ${await new Response(build.stderr).text()}`);
  db = await createTestDatabase({ max: 1 });
  const probe = Bun.serve({ port: 0, fetch: () => new Response() });
  const port = probe.port;
  probe.stop(true);
  base = `http://127.0.0.1:${port}`;
  // R2Z2 pointed at serve itself: its 404s leave the head unknown at once, and status must still answer.
  env = { PATH: process.env.PATH ?? "", DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, R2Z2_BASE_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: "warn" };
  serve = Bun.spawn([binary, "serve"], { cwd: scratch, env: { ...env, PORT: String(port), ADMIN_TOKEN: TOKEN }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  await waitFor({ check: async () => (await fetch(`${base}/health`).catch(() => null))?.ok ?? false, timeoutMs: 20_000, what: "serve to answer /health" });
}, 120_000);
afterAll(async () => {
  serve?.kill("SIGTERM");
  await serve?.exited;
  await redis.drop();
  await db?.drop();
});

const get = (path: string, token?: string) => fetch(`${base}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

test("/admin/queues is a 401 without the token or with a wrong one, and the dashboard with the right one", async () => {
  expect((await get("/admin/queues")).status).toBe(401);
  expect((await get("/admin/queues", "wrong-token-0123456789abcdef0123456789")).status).toBe(401);
  const page = await get("/admin/queues", TOKEN);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<base href="/admin/queues/"');
});

test("the dashboard's script comes out of the binary byte for byte", async () => {
  const name = Object.keys(bullBoardFiles).find((file) => file.startsWith("js/main."))!;
  const response = await get(`/admin/queues/static/${name}`, TOKEN);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("javascript");
  const installed = readFileSync(join(root, "node_modules/@bull-board/ui/dist/static", name));
  expect(Buffer.from(await response.arrayBuffer()).equals(installed)).toBe(true);
});

test("killboard status lists the running serve by its heartbeat", async () => {
  const readStatus = () => {
    const run = Bun.spawnSync([binary, "status", "--json"], { cwd: scratch, env });
    if (run.exitCode !== 0) throw new Error(`status failed: ${run.stderr}`);
    return JSON.parse(run.stdout.toString());
  };
  // The first beat is written as serve starts; it may still be on its way when /health first answers.
  await waitFor({ check: async () => readStatus().heartbeats.length > 0, timeoutMs: 10_000, what: "the serve heartbeat" });
  const parsed = readStatus();
  expect(parsed.feeds).toEqual([]);
  expect(parsed.heartbeats.map((beat: { role: string; pid: number }) => [beat.role, beat.pid])).toEqual([["serve", serve.pid]]);
  expect(parsed.queues.map((queue: { queue: string }) => queue.queue)).toEqual(["killmails", "enrichment", "webhooks"]);
}, 30_000);
