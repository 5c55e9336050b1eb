/**
 * Drill: `serve` with DATABASE_READ_URL on a real streaming replica (pg_basebackup + standby mode). Pages are read
 * from the replica while it keeps up; when its replay stops past DATABASE_READ_MAX_LAG_MS, or it goes away, pages
 * come from the primary without a single 5xx, and once it is back (and caught up) reads return to it.
 * "Served from the replica" is shown by what only the replica can answer: a kill stored on the primary while the
 * replica's replay is paused is a 404 there and a 200 on the primary.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importKillmails } from "../../src/killmails/killmail.import.ts";
import { readFixture, type FixtureRecord } from "../e2e/seed.ts";
import { findFreePort } from "../support/ports.ts";
import { startPrivatePostgres } from "../support/private-postgres.ts";
import { spawnRole, waitFor, type RoleProcess } from "../support/processes.ts";
import { createTestRedis } from "../support/redis.ts";
import { startPrivateStandby } from "../support/replica-postgres.ts";

const MAX_LAG_MS = 4_000;
const records = readFixture();
// Held back from the seed: each phase stores one on the primary and looks for it on the pages.
const held = records.slice(-3);
const files = mkdtempSync(join(tmpdir(), "killboard-replica-"));
let primary: Awaited<ReturnType<typeof startPrivatePostgres>>;
let standby: Awaited<ReturnType<typeof startPrivateStandby>>;
let redis: ReturnType<typeof createTestRedis>;
let serve: RoleProcess;
let base = "";
let operations = "";
const statuses: number[] = [];

async function store(items: FixtureRecord[]) {
  const file = join(files, `${items[0]!.killmail_id}.jsonl`);
  writeFileSync(file, items.map((item) => JSON.stringify(item)).join("\n"));
  const result = await importKillmails({ sql: primary.sql, files: [file] });
  expect(result.rejected).toEqual([]);
}

let request = 0;
/** A fresh query string each time: the microcache must not answer for the database. */
async function pageStatus(path: string) {
  const response = await fetch(`${base}${path}?n=${++request}`);
  await response.arrayBuffer();
  statuses.push(response.status);
  return response.status;
}

async function replicaUsable() {
  const text = await fetch(`${operations}/metrics`).then((response) => response.text(), () => "");
  return /^killboard_db_read_replica_usable\{[^}]*\} 1$/m.test(text);
}

const waitUsable = (usable: boolean, what: string) =>
  waitFor({ what, timeoutMs: 20_000, check: async () => (await replicaUsable()) === usable })
    .catch((error) => { throw new Error(`${error.message}\nserve: ${serve.output().slice(-1500)}`); });

/** Pauses replay, stores `record` on the primary and asks for its page at once: the replica has not got it. */
async function expectServedFromReplica(record: FixtureRecord) {
  await waitUsable(true, "reads on the replica");
  await standby.sql`select pg_wal_replay_pause()`;
  await store([record]);
  expect(await pageStatus(`/kill/${record.killmail_id}/`)).toBe(404);
}

beforeAll(async () => {
  primary = await startPrivatePostgres();
  await store(records.slice(0, -held.length));
  standby = await startPrivateStandby({ primaryUrl: primary.url });
  redis = createTestRedis({ name: "read-replica" });
  const [port, metricsPort] = [findFreePort(), findFreePort()];
  base = `http://127.0.0.1:${port}`;
  operations = `http://127.0.0.1:${metricsPort}`;
  serve = spawnRole({ args: ["serve"], env: {
    DATABASE_URL: primary.url, DATABASE_READ_URL: standby.url, DATABASE_READ_MAX_LAG_MS: String(MAX_LAG_MS),
    REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, PORT: String(port), METRICS_PORT: String(metricsPort),
  } });
  await waitFor({ what: "serve answering", timeoutMs: 30_000, check: () => fetch(`${base}/health`).then((r) => r.ok, () => false) });
}, 120_000);

afterAll(async () => {
  await serve?.kill("SIGTERM");
  await Promise.all([standby?.remove(), redis?.drop()]);
  await primary?.stop();
  rmSync(files, { recursive: true, force: true });
});

test("pages are read from the replica, from the primary while it lags or is down, and from it again once back", async () => {
  const [seeded] = records;
  const [paused, restarted] = held;
  // The replica's pool is serve's own (its application name), and pages answer from the seed replicated to it.
  await waitUsable(true, "the replica in use");
  expect(await pageStatus(`/kill/${seeded!.killmail_id}/`)).toBe(200);
  expect(await pageStatus("/")).toBe(200);
  const [reads] = await standby.sql<{ count: number }[]>`
    select count(*)::int as count from pg_stat_activity where application_name like 'killboard serve reads %'`;
  expect(reads!.count).toBeGreaterThan(0);

  // Replay paused: the new kill is not on the replica, so a 404 is the replica answering.
  await expectServedFromReplica(paused!);
  // Past the lag limit the primary answers, and the kill it holds is on the page.
  await waitFor({ what: "the paused replica left for the primary", timeoutMs: 15_000, check: async () => (await pageStatus(`/kill/${paused!.killmail_id}/`)) === 200 });
  expect(await replicaUsable()).toBe(false);
  // Resumed, the replica catches up and is used again; the kill stored on the primary is now there too.
  await standby.sql`select pg_wal_replay_resume()`;
  await waitUsable(true, "the caught-up replica in use again");
  const [copy] = await standby.sql<{ replicated: number }[]>`
    select count(*)::int as replicated from killmails where killmail_id = ${paused!.killmail_id}`;
  expect(copy!.replicated).toBe(1);
  expect(await pageStatus(`/kill/${paused!.killmail_id}/`)).toBe(200);

  // The replica goes away: every page still answers, from the primary.
  await standby.stop();
  for (let i = 0; i < 5; i++) expect(await pageStatus(`/kill/${seeded!.killmail_id}/`)).toBe(200);
  await waitUsable(false, "the stopped replica left");
  expect(await pageStatus("/")).toBe(200);
  // Back again, reads return to it.
  await standby.start();
  await expectServedFromReplica(restarted!);
  await standby.sql`select pg_wal_replay_resume()`;

  expect(statuses.filter((status) => status >= 500)).toEqual([]);
  expect(serve.proc.exitCode).toBeNull();
  // SIGTERM drains and closes both pools: a clean exit.
  expect(await serve.kill("SIGTERM")).toBe(0);
}, 90_000);
