/**
 * Live delivery benchmark (issue 10 item 8), loopback only, bounded in count and time. N WebSocket clients (spread
 * over several client processes, on a mix of protocols and topics: ws.support.ts) hold on to the `ws` role while
 * the full live path runs as in production: the emulator (in this process) publishes R2Z2 records at 10/s for
 * --seconds, then a --burst at 200/s; `listen r2z2` and `work` store them; the worker's event nudges `ws`.
 *  - delivery: "event published by the worker" (its publishedAt) → "frame received", p50/p99 over every frame;
 *  - end-to-end: "R2Z2 record published by the emulator" → "frame received", with the stages in between;
 *  - baseline in the same run: a bare Bun server (ws.bare.ts) `server.publish`ing the same frames to the same
 *    clients, triggered by the worker's events for a second, identical feed (same rates, same counts, the same
 *    pipeline running beside it), with `ws` stopped;
 *  - memory per connection of both servers (RSS growth over the connects / clients).
 * Ends with one JSON line holding every figure.
 * The server's open-file limit caps N: without CAP_SYS_RESOURCE a hard limit of 20,000 descriptors holds 20,000
 * minus the server's own (~50); the default is then the largest N that fits, and the output says so.
 * Usage: bun bench/ws.bench.ts [--clients 20000] [--processes 4] [--seconds 60] [--burst 200] [--wait-on-404-ms 20]
 */
import { Redis } from "ioredis";
import { DAY_MS, toUtcDay } from "../src/app/time.ts";
import { killmailEventKeys } from "../src/ingest/killmail.events.ts";
import { createLiveRepository } from "../src/live/live.repository.ts";
import { loadEmulatorDataset } from "../src/upstream/emulator/dataset.ts";
import { createEmulator } from "../src/upstream/emulator/emulator.ts";
import { BUCKET_GROUPS } from "../src/upstream/emulator/esi.limits.ts";
import { FIRST_SEQUENCE } from "../src/upstream/emulator/feed.ts";
import { createTestDatabase, prepareTemplateDatabase } from "../test/support/database.ts";
import { percentile, startWsRole } from "../test/support/live.ts";
import { spawnRole, waitFor } from "../test/support/processes.ts";
import { createTestRedis } from "../test/support/redis.ts";
import { argValue } from "./support.ts";
import { buildBareFrames, readRecords } from "./ws.frames.ts";
import { planClients, raiseOpenFileLimit, readRssBytes, startClientProcesses, wallClockMs, type ClientPlan } from "./ws.support.ts";
import { startBare, startR2z2Tap, type Stamps } from "./ws.stack.ts";

const WANTED_CLIENTS = argValue("clients", 20_000);
/** Descriptors the server holds besides its clients (listener, PostgreSQL, Redis, stdio, epoll, timers), with room to spare. */
const SERVER_FDS = 150;
const PROCESSES = argValue("processes", 4);
const SECONDS = argValue("seconds", 60);
const BURST = argValue("burst", 200);
const WAIT_ON_404_MS = argValue("wait-on-404-ms", 20);
const STEADY_PER_S = 10;
const BURST_PER_S = 200;
const WARMUP = 20;
const STEADY = STEADY_PER_S * SECONDS;
const PUBLIC_URL = "http://localhost:3000";
const SETTLE_MS = 3_000;

const files = raiseOpenFileLimit({ wanted: Math.max(65_536, WANTED_CLIENTS * 2 + 1_000) });
const CLIENTS = Math.min(WANTED_CLIENTS, files.limit - SERVER_FDS);
if (CLIENTS < WANTED_CLIENTS) console.log(`open files limit ${files.limit} (not raisable here): ${CLIENTS} clients instead of ${WANTED_CLIENTS}`);
await prepareTemplateDatabase();
const db = await createTestDatabase({ max: 2 });
const redis = createTestRedis({ name: "bench-ws" });
const today = Date.now();
const dataset = await loadEmulatorDataset({
  synthetic: WARMUP + 2 * (STEADY + BURST), includeReal: false, startDate: toUtcDay(new Date(today - 2 * DAY_MS)), endDate: toUtcDay(new Date(today - DAY_MS)),
});
const emulator = await createEmulator({ dataset, options: { r2z2RequestsPerSecond: 100_000, esiBuckets: { killmail: { ...BUCKET_GROUPS.killmail!, maxTokens: 1_000_000 } } } });
const upstream = await emulator.start({ port: 0 });
const stamps: Stamps = { emulated: new Map(), served: new Map(), stored: new Map(), event: new Map() };
const tap = startR2z2Tap({ target: upstream.r2z2, stamps });
const env = {
  DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, R2Z2_BASE_URL: tap.url, ESI_BASE_URL: upstream.esi,
  PUBLIC_URL, WS_MAX_CONNECTIONS_PER_IP: String(CLIENTS * 2), LOG_LEVEL: "warn",
};
const ws = await startWsRole({ env });
const worker = spawnRole({ args: ["work", "--concurrency", "16"], env });
const listener = spawnRole({ args: ["listen", "r2z2", "--from-sequence", String(FIRST_SEQUENCE), "--wait-on-404-ms", String(WAIT_ON_404_MS), "--max-requests-per-s", "2000"], env });

// A failed run must not leave the roles behind (the client and bare processes are killed by their own exit).
process.on("exit", () => {
  for (const role of [ws.role, worker, listener]) if (role.proc.exitCode === null) role.proc.kill("SIGKILL");
});

const channel = killmailEventKeys({ prefix: redis.prefix }).channel;
const events = new Redis(redis.url);
events.on("message", (_from, text) => {
  const event = JSON.parse(text) as { killmailId: number; storedAt: string; publishedAt: number };
  stamps.stored.set(event.killmailId, Date.parse(event.storedAt));
  stamps.event.set(event.killmailId, event.publishedAt);
});
await events.subscribe(channel);

/** Publishes `count` records at `perSecond`, paced on elapsed time (timers drift); returns their killmail ids. */
async function publishAt({ perSecond, count }: { perSecond: number; count: number }) {
  const ids: number[] = [];
  const started = performance.now();
  while (ids.length < count) {
    const due = Math.min(count, Math.floor(((performance.now() - started) * perSecond) / 1000) + 1) - ids.length;
    for (const entry of emulator.publish(due)) {
      stamps.emulated.set(entry.record.killmail_id, wallClockMs());
      tap.sequences.set(entry.sequence, entry.record.killmail_id);
      ids.push(entry.record.killmail_id);
    }
    await Bun.sleep(Math.max(1, 1000 / perSecond / 2));
  }
  await waitFor({ check: async () => ids.every((id) => stamps.event.has(id)), timeoutMs: 120_000, intervalMs: 50, what: `events of ${count} kills` }).catch((error) => {
    // Where the kills stopped, and what the pipeline's roles said: a stalled stage names itself.
    const reached = (map: Map<number, number>) => ids.filter((id) => map.has(id)).length;
    console.log(`of ${count}: ${reached(stamps.served)} served to the listener, ${reached(stamps.stored)} stored, ${reached(stamps.event)} events`);
    for (const [name, role] of [["listener", listener], ["worker", worker]] as const) console.log(`${name} output:\n${role.output().slice(-3_000)}`);
    throw error;
  });
  await Bun.sleep(SETTLE_MS);
  return ids;
}

// Warm-up, not measured: the first kills create the day partitions and fill the worker's caches.
await publishAt({ perSecond: 50, count: WARMUP });
const upcoming = dataset.records.slice(WARMUP, WARMUP + STEADY + BURST);
const characters = [...new Set(upcoming.flatMap((record) => [record.esi.victim, ...record.esi.attackers].map((who) => who.character_id).filter((id): id is number => !!id)))];
const systems = [...new Set(upcoming.map((record) => record.esi.solar_system_id))];
const plans = planClients({ clients: CLIENTS, characters, systems });
const clients = await startClientProcesses({ processes: PROCESSES });

async function holdClients({ url, pid, plans }: { url: string; pid: number; plans: ClientPlan[] }) {
  const before = readRssBytes({ pid });
  const started = performance.now();
  const { connected } = await clients.connect({ url, plans });
  const connectMs = performance.now() - started;
  await Bun.sleep(2_000);
  return { connected, connectMs, bytesPerConnection: (readRssBytes({ pid }) - before) / connected };
}

const only = (map: Map<number, number>, ids: number[]) => Object.fromEntries(ids.map((id) => [id, map.get(id)!]));
const held = await holdClients({ url: `ws://127.0.0.1:${ws.port}`, pid: ws.role.proc.pid, plans });
console.log(`ws: ${held.connected} clients connected over ${PROCESSES} processes in ${(held.connectMs / 1000).toFixed(1)} s, ${(held.bytesPerConnection / 1024).toFixed(1)} KiB RSS per connection`);
const steady = await publishAt({ perSecond: STEADY_PER_S, count: STEADY });
const burst = await publishAt({ perSecond: BURST_PER_S, count: BURST });
const wsReport = await clients.report({
  groups: {
    steady: only(stamps.event, steady), burst: only(stamps.event, burst), e2eSteady: only(stamps.emulated, steady), e2eBurst: only(stamps.emulated, burst),
  },
});
await clients.close();
const brief = ({ p50, p99 }: { p50: number; p99: number }) => `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`;
console.log(`ws phase: delivery at ${STEADY_PER_S}/s ${brief(wsReport.latencies.steady!)}, burst ${brief(wsReport.latencies.burst!)}; end-to-end ${brief(wsReport.latencies.e2eSteady!)}`);

// Stages of the end-to-end path, per kill (ms): the R2Z2 poll, listener → queue → worker → stored, stored → event.
const stage = (ids: number[], from: Map<number, number>, to: Map<number, number>) => {
  const values = ids.filter((id) => from.has(id) && to.has(id)).map((id) => to.get(id)! - from.get(id)!);
  return { p50: percentile(values, 0.5), p99: percentile(values, 0.99) };
};
const stagesOf = (ids: number[]) => ({
  published_to_served: stage(ids, stamps.emulated, stamps.served), served_to_stored: stage(ids, stamps.served, stamps.stored),
  stored_to_event: stage(ids, stamps.stored, stamps.event),
});
const stages = { steady: stagesOf(steady), burst: stagesOf(burst) };

// The tail's PostgreSQL read of one new record, as `ws` does on each nudge.
const repository = createLiveRepository({ sql: db.sql });
const head = await repository.readHead();
const reads: number[] = [];
for (let index = 0; index < 200; index++) {
  const started = performance.now();
  await repository.readRecordsAfter({ after: head - 1 - (index % 50), limit: 1 });
  reads.push(performance.now() - started);
}
const tailRead = { p50: percentile(reads, 0.5), p99: percentile(reads, 0.99) };

await ws.role.kill("SIGTERM");

// Baseline: the ws phase's frames, the same clients, a second feed through the same pipeline; its i-th kill of
// each part triggers the frames of the ws phase's i-th, and the latencies are filed under the ws phase's ids.
const records = await readRecords({ sql: db.sql, ids: new Set([...steady, ...burst]) });
const built = await buildBareFrames({ sql: db.sql, records, topics: new Set(plans.map((plan) => plan.topic)), publicUrl: PUBLIC_URL });
const second = dataset.records.slice(WARMUP + STEADY + BURST).map((record) => record.killmail_id);
const twin = new Map([...steady, ...burst].map((id, index) => [id, second[index]!]));
const frames = Object.fromEntries([...twin].map(([id, bareId]) => [bareId, built[id]!]));
const bare = await startBare({ frames, redisUrl: redis.url, channel });
const bareHeld = await holdClients({
  url: `ws://127.0.0.1:${bare.port}`, pid: bare.pid, plans: plans.map((plan) => ({ ...plan, path: `${plan.path}?topic=${encodeURIComponent(plan.topic)}` })),
});
await publishAt({ perSecond: STEADY_PER_S, count: STEADY });
await publishAt({ perSecond: BURST_PER_S, count: BURST });
const twinOf = (map: Map<number, number>, ids: number[]) => Object.fromEntries(ids.map((id) => [id, map.get(twin.get(id)!)!]));
const bareReport = await clients.report({
  groups: { steady: twinOf(stamps.event, steady), burst: twinOf(stamps.event, burst), e2eSteady: twinOf(stamps.emulated, steady), e2eBurst: twinOf(stamps.emulated, burst) },
});
await clients.close();
await clients.kill();
await bare.kill();
await Promise.all([worker.kill("SIGTERM"), listener.kill("SIGTERM")]);

const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
const ms = (value: number) => `${value.toFixed(1)} ms`;
const { steady: d10, burst: d200, e2eSteady: e10, e2eBurst: e200 } = wsReport.latencies;
const { steady: b10, burst: b200, e2eSteady: be10, e2eBurst: be200 } = bareReport.latencies;
console.log(`bare: ${bareHeld.connected} clients, ${(bareHeld.bytesPerConnection / 1024).toFixed(1)} KiB RSS per connection`);
for (const [label, ours, base] of [[`${STEADY_PER_S}/s`, d10, b10], [`${BURST_PER_S}/s burst`, d200, b200]] as const) {
  console.log(`delivery at ${label} (event published → frame received, ${ours!.count} frames): ws p50 ${ms(ours!.p50)}, p99 ${ms(ours!.p99)}; `
    + `bare server.publish (${base!.count} frames) p50 ${ms(base!.p50)}, p99 ${ms(base!.p99)}; p99 ${ratio(ours!.p99, base!.p99)}× the bare server (target ≤ 1.5×)`);
}
console.log(`end-to-end at ${STEADY_PER_S}/s (R2Z2 record published → frame received): p50 ${ms(e10!.p50)}, p99 ${ms(e10!.p99)} (target p99 < 25 ms); at ${BURST_PER_S}/s burst p50 ${ms(e200!.p50)}, p99 ${ms(e200!.p99)}`);
console.log(`end-to-end with the bare server in place of ws: at ${STEADY_PER_S}/s p50 ${ms(be10!.p50)}, p99 ${ms(be10!.p99)}; at ${BURST_PER_S}/s burst p50 ${ms(be200!.p50)}, p99 ${ms(be200!.p99)}`);
for (const [label, parts] of Object.entries(stages)) {
  console.log(`  stages (${label}, p50/p99): R2Z2 published → served to the listener ${ms(parts.published_to_served.p50)}/${ms(parts.published_to_served.p99)}, `
    + `served → stored ${ms(parts.served_to_stored.p50)}/${ms(parts.served_to_stored.p99)}, stored → event ${ms(parts.stored_to_event.p50)}/${ms(parts.stored_to_event.p99)}, `
    + `event → frame ${ms((label === "steady" ? d10 : d200)!.p50)}/${ms((label === "steady" ? d10 : d200)!.p99)}`);
}
console.log(`  the tail's PostgreSQL read of one record: p50 ${ms(tailRead.p50)}, p99 ${ms(tailRead.p99)}; listener --wait-on-404-ms ${WAIT_ON_404_MS}`);
console.log(JSON.stringify({
  clients: CLIENTS, wantedClients: WANTED_CLIENTS, openFilesLimit: files.limit, connected: held.connected, processes: PROCESSES, seconds: SECONDS, burst: BURST, waitOn404Ms: WAIT_ON_404_MS,
  ws: { delivery: { steady: d10, burst: d200 }, endToEnd: { steady: e10, burst: e200 }, frames: wsReport.frames, openAtEnd: wsReport.open, bytesPerConnection: Math.round(held.bytesPerConnection), connectMs: Math.round(held.connectMs) },
  bare: { delivery: { steady: b10, burst: b200 }, endToEnd: { steady: be10, burst: be200 }, frames: bareReport.frames, openAtEnd: bareReport.open, bytesPerConnection: Math.round(bareHeld.bytesPerConnection) },
  ratioP99: { steady: ratio(d10!.p99, b10!.p99), burst: ratio(d200!.p99, b200!.p99) }, stages, tailRead,
}));
await Promise.all([events.quit(), tap.stop(), upstream.stop()]);
await redis.drop();
await db.drop();
process.exit(0);
