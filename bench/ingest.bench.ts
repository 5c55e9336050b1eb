/**
 * Ingestion benchmark against the upstream emulator, real roles as child processes (as in production):
 *  - live path latency: R2Z2 record published by the emulator → stored → `killmail` event on Redis, p50/p99 at
 *    10 and 200 killmails/s; baseline in the same run: a bare HTTP round trip to the emulator;
 *  - backfill throughput with `--raw` (0 ESI calls) and via ESI (workers fetch each body);
 *  - ESI calls per killmail (killmail fetches and enrichment requests);
 *  - R2Z2 catch-up: `listen r2z2` reading a published backlog (121 real + --catchup synthetic) from an R2Z2
 *    limited to 20 requests/s, as zKillboard is: stored kills/s, R2Z2 requests per stored kill, 429s; baseline in
 *    the same run: the same catch-up from an unlimited R2Z2, and the cap itself (20 kills/s at one request each).
 * Ends with one JSON line holding every figure.
 * Usage: bun bench/ingest.bench.ts [--seconds 10] [--backfill 5000] [--catchup 3000] [--parts live,backfill,catchup]
 */
import { Redis } from "ioredis";
import { loadEmulatorDataset } from "../src/upstream/emulator/dataset.ts";
import { createEmulator } from "../src/upstream/emulator/emulator.ts";
import { FIRST_SEQUENCE } from "../src/upstream/emulator/feed.ts";
import { killmailEventKeys } from "../src/ingest/killmail.events.ts";
import { createTestDatabase, prepareTemplateDatabase } from "../test/support/database.ts";
import { createTestRedis } from "../test/support/redis.ts";
import { runRole, spawnRole, waitFor } from "../test/support/processes.ts";
import { argValue, rate } from "./support.ts";

const SECONDS = argValue("seconds", 10);
const BACKFILL = argValue("backfill", 5_000);
const CATCHUP = argValue("catchup", 3_000);
const PARTS = new Set((process.argv[process.argv.indexOf("--parts") + 1] ?? "").split(",").filter(Boolean));
const runs = (part: string) => !process.argv.includes("--parts") || PARTS.has(part);
const RATES = [10, 200];
/** zKillboard's R2Z2 cap (UPSTREAMS a.4), the emulator's default. */
const R2Z2_CAP_PER_S = 20;
const bigBuckets = { killmail: { name: "killmail", maxTokens: 10_000_000, windowMs: 900_000, label: "10000000/15m" } };

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

async function environment(name: string, synthetic: number, r2z2RequestsPerSecond = 100_000) {
  const db = await createTestDatabase();
  const redis = createTestRedis({ name });
  const dataset = await loadEmulatorDataset({ synthetic, startDate: "2026-11-01", endDate: "2026-11-07" });
  const emulator = await createEmulator({ dataset, options: { r2z2RequestsPerSecond, esiBuckets: bigBuckets } });
  const server = await emulator.start({ port: 0 });
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, R2Z2_BASE_URL: server.r2z2, ESI_BASE_URL: server.esi, LOG_LEVEL: "error", METRICS_PORT: "0" };
  const stored = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from killmail_ids`)[0]!.n;
  const close = async () => {
    await server.stop();
    await redis.drop();
    await db.drop();
  };
  return { db, redis, emulator, server, env, stored, close };
}

async function baselineRoundTripMs(url: string) {
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    await (await fetch(`${url}/ephemeral/sequence.json`)).text();
    samples.push(performance.now() - started);
  }
  return percentile(samples, 50);
}

async function measureLive({ perSecond }: { perSecond: number }) {
  const count = perSecond * SECONDS;
  const env = await environment(`bench-live-${perSecond}`, count);
  const total = env.emulator.context.dataset.records.length;
  const subscriber = new Redis(env.redis.url);
  const publishedAt = new Map<number, number>();
  const latencies: number[] = [];
  await subscriber.subscribe(killmailEventKeys({ prefix: env.redis.prefix }).channel);
  subscriber.on("message", (_channel, text) => {
    const started = publishedAt.get((JSON.parse(text) as { killmailId: number }).killmailId);
    if (started !== undefined) latencies.push(performance.now() - started);
  });
  const worker = spawnRole({ args: ["work", "--concurrency", "16"], env: env.env });
  const listener = spawnRole({ args: ["listen", "r2z2", "--from-sequence", String(FIRST_SEQUENCE), "--wait-on-404-ms", "20", "--max-requests-per-s", "2000"], env: env.env });
  // Warm-up, not measured: the 121 real killmails (2008–2026) come first and create ~100 monthly partitions,
  // a one-time cost a running board has long paid.
  const real = env.emulator.context.dataset.records.filter((record) => !record.esi.killmail_time.startsWith("2026-11")).length;
  env.emulator.publish(real);
  await waitFor({ check: async () => (await env.stored()) >= real, timeoutMs: 60_000, what: "warm-up stored" });
  // …and let enrichment finish the warm-up's entities, so the ESI counts below belong to the measured kills.
  const unenriched = async () => (await env.db.sql<{ n: number }[]>`select count(*)::int as n from entities where updated_at is null`)[0]!.n;
  await waitFor({ check: async () => (await unenriched()) === 0, timeoutMs: 120_000, what: "warm-up enriched", intervalMs: 500 });
  const measured = total - real;
  const esiBefore = env.emulator.stats().byRoute;
  const tickMs = 50;
  let owed = 0;
  const timer = setInterval(() => {
    owed += (perSecond * tickMs) / 1000;
    const whole = Math.floor(owed);
    owed -= whole;
    for (const entry of env.emulator.publish(whole)) publishedAt.set(entry.record.killmail_id, performance.now());
  }, tickMs);
  await waitFor({ check: async () => publishedAt.size >= measured, timeoutMs: SECONDS * 1000 + 30_000, what: "published" });
  clearInterval(timer);
  await waitFor({ check: async () => latencies.length >= measured, timeoutMs: 60_000, what: `${measured} events` });
  await Bun.sleep(6_000);
  const esiAfter = env.emulator.stats().byRoute;
  const calls = (route: string) => (esiAfter[route] ?? 0) - (esiBefore[route] ?? 0);
  const batched = calls("POST /universe/names") + calls("POST /characters/affiliation");
  const details = calls("GET /corporations/:id") + calls("GET /alliances/:id");
  await Promise.all([worker.kill("SIGTERM"), listener.kill("SIGTERM")]);
  await subscriber.quit();
  await env.close();
  return { perSecond, count: measured, p50: percentile(latencies, 50), p99: percentile(latencies, 99), killmailFetches: calls("GET /killmails/:id/:hash") / measured, batched: batched / measured, details: details / measured };
}

async function measureBackfill({ raw }: { raw: boolean }) {
  const env = await environment(`bench-backfill-${raw ? "raw" : "esi"}`, BACKFILL);
  const worker = raw ? null : spawnRole({ args: ["work", "--concurrency", "32", "--queues", "killmails"], env: env.env });
  const expected = BACKFILL;
  const esiBefore = env.emulator.stats().esiCalls;
  const started = performance.now();
  const result = await runRole({ args: ["backfill", "zkillboard", "--start-date", "2026-11-01", "--end-date", "2026-11-07", ...(raw ? ["--raw"] : [])], env: env.env });
  if (result.exitCode !== 0) throw new Error(`backfill failed: ${result.output}`);
  await waitFor({ check: async () => (await env.stored()) >= expected, timeoutMs: 300_000, what: `${expected} stored`, intervalMs: 50 });
  const elapsedMs = performance.now() - started;
  const esiCalls = env.emulator.stats().esiCalls - esiBefore;
  await worker?.kill("SIGTERM");
  await env.close();
  return { raw, count: expected, perSecond: rate(expected, elapsedMs), elapsedMs, esiCallsPerKillmail: esiCalls / expected };
}

async function measureCatchUp({ capPerS }: { capPerS: number | null }) {
  const env = await environment(`bench-catchup-${capPerS ?? "unlimited"}`, CATCHUP, capPerS ?? 100_000);
  const total = env.emulator.context.dataset.records.length;
  env.emulator.publish(total);
  const worker = spawnRole({ args: ["work", "--concurrency", "16"], env: env.env });
  const started = performance.now();
  const listener = spawnRole({ args: ["listen", "r2z2", "--from-sequence", String(FIRST_SEQUENCE), ...(capPerS ? [] : ["--max-requests-per-s", "2000"])], env: env.env });
  await waitFor({ check: async () => (await env.stored()) >= total, timeoutMs: 600_000, what: `${total} stored`, intervalMs: 50 });
  const elapsedMs = performance.now() - started;
  const r2z2 = env.emulator.stats().byUpstreamStatus;
  const requests = Object.entries(r2z2).filter(([key]) => key.startsWith("r2z2 ")).reduce((sum, [, count]) => sum + count, 0);
  await Promise.all([worker.kill("SIGTERM"), listener.kill("SIGTERM")]);
  await env.close();
  return { capPerS, count: total, elapsedMs, perSecond: (total / elapsedMs) * 1000, requestsPerKill: requests / total, served: r2z2["r2z2 200"] ?? 0, limited: r2z2["r2z2 429"] ?? 0 };
}

function printCatchUp({ limited, unlimited }: { limited: Awaited<ReturnType<typeof measureCatchUp>>; unlimited: Awaited<ReturnType<typeof measureCatchUp>> }) {
  console.log(
    `R2Z2 catch-up at ${R2Z2_CAP_PER_S} requests/s (${limited.count} kills): ${(limited.elapsedMs / 1000).toFixed(1)} s = ${limited.perSecond.toFixed(1)} stored kills/s ` +
      `(${((limited.perSecond / R2Z2_CAP_PER_S) * 100).toFixed(0)}% of the cap), ${limited.requestsPerKill.toFixed(3)} R2Z2 requests per stored kill, ` +
      `${limited.served - limited.count} records fetched twice, ${limited.limited} answers of 429`,
  );
  console.log(
    `R2Z2 catch-up, unlimited R2Z2 (baseline): ${unlimited.perSecond.toFixed(1)} stored kills/s, ${unlimited.requestsPerKill.toFixed(3)} requests per stored kill ` +
      `(the 20/s cap makes the catch-up ${(unlimited.perSecond / limited.perSecond).toFixed(1)}× slower)`,
  );
}

await prepareTemplateDatabase();
const probe = await environment("bench-baseline", 0);
const baseline = await baselineRoundTripMs(probe.server.r2z2);
await probe.close();
console.log(`baseline: emulator HTTP round trip p50 ${baseline.toFixed(2)} ms`);
const figures: Record<string, unknown> = { baselineRoundTripMs: baseline };
if (runs("live")) {
  figures.live = [];
  for (const perSecond of RATES) {
    const live = await measureLive({ perSecond });
    (figures.live as unknown[]).push(live);
    console.log(
      `live R2Z2 → stored → event at ${perSecond}/s (${live.count} kills): p50 ${live.p50.toFixed(1)} ms, p99 ${live.p99.toFixed(1)} ms ` +
        `(${(live.p50 / baseline).toFixed(0)}× a bare round trip); ESI per killmail: ${live.killmailFetches.toFixed(2)} killmail fetches, ${live.batched.toFixed(3)} batched name/affiliation calls, ${live.details.toFixed(3)} corporation/alliance detail calls`,
    );
  }
}
if (runs("backfill")) {
  const raw = await measureBackfill({ raw: true });
  const viaEsi = await measureBackfill({ raw: false });
  figures.backfill = { raw, viaEsi };
  console.log(`backfill --raw: ${raw.count} kills in ${(raw.elapsedMs / 1000).toFixed(1)} s = ${raw.perSecond}/s, ESI calls per killmail ${raw.esiCallsPerKillmail.toFixed(2)}`);
  console.log(`backfill via ESI: ${viaEsi.count} kills in ${(viaEsi.elapsedMs / 1000).toFixed(1)} s = ${viaEsi.perSecond}/s, ESI calls per killmail ${viaEsi.esiCallsPerKillmail.toFixed(2)} (raw is ${(raw.perSecond / viaEsi.perSecond).toFixed(1)}× faster)`);
}
if (runs("catchup")) {
  const unlimited = await measureCatchUp({ capPerS: null });
  const limited = await measureCatchUp({ capPerS: R2Z2_CAP_PER_S });
  figures.catchUp = { limited, unlimited };
  printCatchUp({ limited, unlimited });
}
console.log(JSON.stringify(figures));
process.exit(0);
