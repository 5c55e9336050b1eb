/**
 * The sandbox as a new user starts it: the real `scripts/dev` (emulator with --now, listener, worker, serve, ws,
 * cron), beside whatever else runs here: its own database, Redis prefix, ports and run directory. Within 60 s of
 * the start the front page lists kills of the last minutes and its 24-hour and 7-day panels are filled.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "../support/database.ts";
import { findFreePort } from "../support/ports.ts";
import { waitFor } from "../support/processes.ts";
import { createTestRedis } from "../support/redis.ts";

const ROOT = join(import.meta.dir, "../..");
const FIRST_VIEW_MS = 60_000;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const redis = createTestRedis({ name: "sandbox" });
const runDir = mkdtempSync(join(tmpdir(), "killboard-sandbox-"));
let dev: ReturnType<typeof Bun.spawn>;
let output = "";
let spawnedAt = 0;
const port = findFreePort();

/** Ports taken apart from one another: five metrics ports in a row from a base nothing uses. */
function freeRun(length: number) {
  for (;;) {
    const base = findFreePort();
    if (base + length > 65_535) continue;
    const ports = Array.from({ length }, (_, index) => base + index);
    if (ports.every(canBind)) return base;
  }
}

function canBind(candidate: number) {
  try {
    Bun.serve({ port: candidate, hostname: "127.0.0.1", fetch: () => new Response() }).stop(true);
    return true;
  } catch {
    return false;
  }
}

const urlPort = (url: string, fallback: string) => new URL(url).port || fallback;

beforeAll(async () => {
  db = await createTestDatabase();
  spawnedAt = Date.now();
  dev = Bun.spawn(["bash", join(ROOT, "scripts/dev")], {
    cwd: ROOT, stdout: "pipe", stderr: "pipe",
    env: {
      ...process.env, DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix,
      KILLBOARD_PG_PORT: urlPort(db.url, "5432"), KILLBOARD_REDIS_PORT: urlPort(redis.url, "6379"),
      PORT: String(port), WS_PORT: String(findFreePort()), KILLBOARD_EMULATOR_PORT: String(findFreePort()),
      KILLBOARD_METRICS_PORT_BASE: String(freeRun(5)), KILLBOARD_RUN_DIR: runDir, LOG_LEVEL: "info",
    },
  });
  for (const stream of [dev.stdout, dev.stderr] as ReadableStream<Uint8Array>[]) {
    void (async () => {
      for await (const chunk of stream) output += new TextDecoder().decode(chunk);
    })();
  }
});

afterAll(async () => {
  dev?.kill("SIGTERM");
  await dev?.exited;
  await db?.drop();
  await redis.drop();
  rmSync(runDir, { recursive: true, force: true });
});

/** The front page's rows and panels, read from its HTML. */
function readFrontPage(html: string) {
  const latest = html.slice(html.indexOf("<h2>Latest</h2>"));
  const times = [...latest.matchAll(/<time datetime="([^"]+)"/g)].map((match) => Date.parse(match[1]!));
  const panel = (id: string) => {
    const start = html.indexOf(`id="${id}"`);
    const section = html.slice(start, html.indexOf("</section>", start));
    return start >= 0 && section.includes("<tr>") && !section.includes("Nothing yet");
  };
  return { times, panels: ["top-isk-24h", "top-isk-7d", "active-characters", "active-systems"].map((id) => [id, panel(id)]) };
}

function roleLogs() {
  const logs = join(runDir, "logs");
  return readdirSync(logs).map((name) => `--- ${name}\n${readFileSync(join(logs, name), "utf8").slice(-2_000)}`).join("\n");
}

test("a fresh scripts/dev shows kills of the last minutes and filled 24-hour panels within 60 s", async () => {
  let page = { times: [] as number[], panels: [] as (string | boolean)[][] };
  try {
    await waitFor({
      what: "the front page with recent kills and filled panels", timeoutMs: FIRST_VIEW_MS - (Date.now() - spawnedAt), intervalMs: 1_000,
      check: async () => {
        if (dev.exitCode !== null) throw new Error(`scripts/dev exited with ${dev.exitCode}`);
        const response = await fetch(`http://127.0.0.1:${port}/`).catch(() => null);
        if (response?.status !== 200) return false;
        page = readFrontPage(await response.text());
        const fresh = page.times.filter((time) => Date.now() - time < 10 * 60_000);
        return fresh.length >= 5 && page.panels.every(([, filled]) => filled);
      },
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}\npanels: ${JSON.stringify(page.panels)}\n${output.slice(-3_000)}\n${roleLogs()}`);
  }
  const elapsed = Date.now() - spawnedAt;
  console.log(`sandbox: front page filled ${(elapsed / 1000).toFixed(1)} s after scripts/dev started`);
  expect(elapsed).toBeLessThan(FIRST_VIEW_MS);
}, FIRST_VIEW_MS + 30_000);
