/** Benchmarks run on a database of their own, created, migrated and loaded on the test server, dropped after. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createSql, type Sql } from "../src/db/db.client.ts";
import { createEmulator } from "../src/upstream/emulator/emulator.ts";
import { migrateDatabase } from "../src/db/migrations.usecases.ts";
import { prepareDatabase, prepareTemplateDatabase, TEST_DATABASE_URL } from "../test/support/database.ts";

const SERVER_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://killboard@127.0.0.1:5432/killboard";

const withDatabase = (name: string) => {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

export async function createBenchDatabase({ name }: { name: string }): Promise<{ sql: Sql; url: string; drop: () => Promise<void> }> {
  const admin = createSql({ url: withDatabase("postgres"), max: 1 });
  await admin`drop database if exists ${admin(name)} with (force)`;
  await admin`create database ${admin(name)}`;
  const url = withDatabase(name);
  const sql = createSql({ url, max: 8 });
  await prepareDatabase({ sql });
  return {
    sql,
    url,
    async drop() {
      await sql.end({ timeout: 5 });
      await admin`drop database if exists ${admin(name)} with (force)`;
      await admin.end({ timeout: 5 });
    },
  };
}

const keptDatabaseUrl = (name: string) => Object.assign(new URL(TEST_DATABASE_URL), { pathname: `/${name}` }).toString();

/**
 * A database kept between runs (seeding a large one takes a while), copied from the test template when missing or
 * when `reseed`, and migrated: one kept from an earlier run may predate newer migrations.
 */
export async function openKeptBenchDatabase({ name, reseed }: { name: string; reseed: boolean }) {
  await prepareTemplateDatabase();
  const admin = createSql({ url: keptDatabaseUrl("postgres"), max: 1 });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (exists && reseed) await admin`drop database ${admin(name)} with (force)`;
    if (!exists || reseed) await admin`create database ${admin(name)} template killboard_test_template`;
  } finally {
    await admin.end();
  }
  const url = keptDatabaseUrl(name);
  const sql = createSql({ url, max: 4 });
  await migrateDatabase({ sql });
  return { sql, url };
}

export function readRealKillmails() {
  return readFileSync(join(import.meta.dir, "../test/fixtures/killmails.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { killmail_id: number; hash: string | null; esi: any });
}

export function argValue(name: string, fallback: number) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

export const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);

export type Figures = { name: string; requests: number; rps: number; p50: number; p99: number; errors: number };

/** The value at quantile q of ascending `sorted`. */
export const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/**
 * `concurrency` closed-loop clients for `seconds` after a one-second warm-up; latency per request in ms. Each request
 * carries its own Fly-Client-IP, as if from many clients, so the API's per-client rate limit stays out of the figures.
 */
export async function measureLoad({ name, base, paths, concurrency, seconds, gzip = false }: {
  name: string; base: string; paths: string[]; concurrency: number; seconds: number; gzip?: boolean;
}): Promise<Figures> {
  let clientIp = 0;
  let next = 0; // shared by warm-up and measurement, so a path list is walked once, not restarted
  const run = async (until: number, latencies: number[] | null) => {
    let errors = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        const response = await fetch(`${base}${paths[next++ % paths.length]}`, { headers: {
          "Fly-Client-IP": `10.${(clientIp++ >> 16) & 255}.${(clientIp >> 8) & 255}.${clientIp & 255}`,
          "Accept-Encoding": gzip ? "gzip" : "identity",
        } });
        await response.arrayBuffer();
        if (response.status !== 200) errors++;
        latencies?.push(performance.now() - started);
      }
    }));
    return errors;
  };
  await run(performance.now() + 1000, null);
  const latencies: number[] = [];
  const started = performance.now();
  const errors = await run(started + seconds * 1000, latencies);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { name, requests: latencies.length, rps: latencies.length / elapsed, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), errors };
}

const ROOT = join(import.meta.dir, "..");

/** Spawns a process from the project root and waits until `url` answers 200. */
export async function startProcess({ command, env, url }: { command: string[]; env: Record<string, string>; url: string }) {
  const child = Bun.spawn(command, { cwd: ROOT, env: { ...process.env, ...env }, stdout: "ignore", stderr: "inherit" });
  for (let attempt = 0; attempt < 300; attempt++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return child;
    await Bun.sleep(100);
  }
  child.kill();
  throw new Error(`${command.join(" ")} never answered ${url}`);
}

/** The baseline: a bare Bun.serve answering "ok", or at /<n> a fixed body of n bytes (a page's bytes, without the app). */
export function startBareServer({ port }: { port: number }) {
  const script = `const bodies = new Map(); Bun.serve({ port: ${port}, fetch(request) {
    const size = Number(new URL(request.url).pathname.slice(1)) || 0;
    if (!size) return new Response("ok");
    let body = bodies.get(size);
    if (!body) bodies.set(size, (body = new Uint8Array(size).fill(120)));
    return new Response(body);
  } })`;
  return startProcess({ command: [process.execPath, "-e", script], url: `http://127.0.0.1:${port}/`, env: {} });
}

/**
 * `killboard serve` on `databaseUrl` (the emulator standing in for the image server, so /img/ has something to
 * cache) and the bare baseline beside it, on ports of their own; `stop` ends all three.
 */
export async function startServeStack({ databaseUrl, firstPort = 3900 }: { databaseUrl: string; firstPort?: number }) {
  const port = firstPort + Math.floor(Math.random() * 50);
  const images = await (await createEmulator()).start({ port: 0 });
  const serve = await startProcess({ command: [process.execPath, "src/cli.ts", "serve"], url: `http://127.0.0.1:${port}/health`,
    env: { DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: "warn", TYPESENSE_URL: "", TRUST_PROXY_HEADER: "true", IMAGE_SERVER_URL: images.url } });
  const bare = await startBareServer({ port: port + 100 });
  return {
    origin: `http://127.0.0.1:${port}`,
    bareOrigin: `http://127.0.0.1:${port + 100}`,
    async stop() {
      serve.kill();
      bare.kill();
      await images.stop();
    },
  };
}
