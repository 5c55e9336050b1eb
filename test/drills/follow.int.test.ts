/**
 * Drill: a second killboard follows the first through our own outbound feeds, as it would follow zKillboard.
 * The first is fed by the emulator; one follower reads its R2Z2-compatible `/ephemeral/`, another its
 * RedisQ-compatible `/listen.php`, each with its own database and queue, and each follower's `work` is SIGKILLed
 * twice while kills are in flight. Both end with exactly the first board's killmails and the same values.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Sql } from "../../src/db/db.client.ts";
import { FIRST_SEQUENCE } from "../../src/upstream/emulator/feed.ts";
import { createTestDatabase } from "../support/database.ts";
import { useDrillStack } from "../support/drill-stack.ts";
import { findFreePort } from "../support/ports.ts";
import { spawnRole, waitFor, type RoleProcess } from "../support/processes.ts";
import { createTestRedis } from "../support/redis.ts";

const TOTAL = 240;
const stack = useDrillStack({ name: "follow", synthetic: TOTAL, days: 2 });
/** The API budget is per client address: each follower comes from its own loopback address, as two hosts would. */
const FROM = { r2z2: "", redisq: "" };
const QUEUE_ID = "second-killboard";

type Follower = { name: keyof typeof FROM; sql: Sql; env: Record<string, string>; listener?: RoleProcess; worker?: RoleProcess; close: () => Promise<unknown> };
const followers: Follower[] = [];
const roles: RoleProcess[] = [];

async function openFollower(name: keyof typeof FROM): Promise<Follower> {
  const [db, redis] = [await createTestDatabase(), createTestRedis({ name: `follow-${name}` })];
  const env: Record<string, string> = {
    DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, ESI_BASE_URL: stack.server.esi,
    REDISQ_QUEUE_ID: QUEUE_ID,
  };
  return { name, sql: db.sql, env, close: () => Promise.all([db.drop(), redis.drop()]) };
}

const LISTEN_ARGS = {
  r2z2: ["listen", "r2z2", "--from-sequence", "1", "--wait-on-404-ms", "50", "--max-requests-per-s", "15"],
  redisq: ["listen", "redisq", "--ttw", "2", "--min-interval-ms", "0"],
};
const startWorker = (follower: Follower) =>
  (follower.worker = spawnRole({ args: ["work", "--concurrency", "8", "--queues", "killmails", "--lock-duration-ms", "2000"], env: follower.env }));
const stored = async (sql: Sql) => (await sql<{ count: number }[]>`select count(*)::int as count from killmail_ids`)[0]!.count;
const storedEverywhere = async (atLeast: number) => (await Promise.all(followers.map((f) => stored(f.sql)))).every((count) => count >= atLeast);

/** Everything a killboard derives from a killmail, in one comparable row per killmail. */
const readValues = (sql: Sql) => sql`
  select killmail_id, hash, killmail_time, solar_system_id, victim_ship_type_id, fitted_value, dropped_value, destroyed_value,
    total_value, points, npc, solo, awox, labels, attacker_count, location_id, esi::text as esi
  from killmails order by killmail_id`;

beforeAll(async () => {
  followers.push(await openFollower("r2z2"), await openFollower("redisq"));
}, 60_000);

afterAll(async () => {
  await Promise.all([...roles, ...followers.flatMap((f) => [f.listener, f.worker])].map((role) => role?.kill("SIGKILL")));
  for (const follower of followers) await follower.close().catch(() => {});
});

/** What every role said, for a failure message. */
const describeRoles = async () => {
  const counts = { first: await stored(stack.sql), ...Object.fromEntries(await Promise.all(followers.map(async (f) => [f.name, await stored(f.sql)]))) };
  const outputs = [...roles, ...followers.flatMap((f) => [f.listener, f.worker])].map((role) => `exit ${role?.proc.exitCode ?? role?.proc.signalCode ?? "running"}: ${role?.output().slice(-1500)}`);
  return `${JSON.stringify(counts)}\n${outputs.join("\n---\n")}`;
};

test("a second killboard following the first through /ephemeral/ or /listen.php ends with the same killmails and values", async () => {
  try {
    await followTheFirst();
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${await describeRoles()}`);
  }
}, 150_000);

async function followTheFirst() {
  // Taken just before serve binds it: other suites pick free ports too.
  const port = findFreePort();
  Object.assign(FROM, { r2z2: `http://127.0.0.1:${port}`, redisq: `http://127.0.0.2:${port}` });
  for (const follower of followers) Object.assign(follower.env, { R2Z2_BASE_URL: FROM.r2z2, REDISQ_URL: `${FROM.redisq}/listen.php` });
  const first = { ...stack.env(), PORT: String(port) };
  roles.push(
    spawnRole({ args: ["serve"], env: first }),
    spawnRole({ args: ["work", "--concurrency", "16", "--queues", "killmails"], env: first }),
    spawnRole({ args: ["listen", "r2z2", "--from-sequence", String(FIRST_SEQUENCE), "--wait-on-404-ms", "50", "--max-requests-per-s", "5000"], env: first }),
  );
  await waitFor({ what: "the first killboard serving", timeoutMs: 30_000, check: () => fetch(`${FROM.r2z2}/ephemeral/sequence.json`).then((r) => r.ok, () => false) });
  // A RedisQ queue starts at the head when first asked: asked now, before anything is stored, it will see every kill.
  expect(await (await fetch(`${FROM.redisq}/listen.php?queueID=${QUEUE_ID}&ttw=1`)).json()).toEqual({ package: null });
  for (const follower of followers) {
    follower.listener = spawnRole({ args: LISTEN_ARGS[follower.name], env: follower.env });
    startWorker(follower);
  }
  const kills: { follower: string; stored: number; signal: unknown }[] = [];
  // Both at once, while the last third is still unpublished: each SIGKILL lands on a worker with kills to come.
  const killWorkers = () => Promise.all(followers.map(async (follower) => {
    await follower.worker!.kill("SIGKILL");
    kills.push({ follower: follower.name, stored: await stored(follower.sql), signal: follower.worker!.proc.signalCode });
    startWorker(follower);
  }));
  const THIRD = TOTAL / 3;
  stack.emulator.publish(THIRD);
  await waitFor({ what: "half the first third followed", timeoutMs: 40_000, check: () => storedEverywhere(THIRD / 2) });
  await killWorkers();
  stack.emulator.publish(THIRD);
  await waitFor({ what: "most of the second third followed", timeoutMs: 40_000, check: () => storedEverywhere(THIRD * 1.5) });
  await killWorkers();
  stack.emulator.publish(THIRD);
  await waitFor({
    what: `all ${TOTAL} followed (kills: ${JSON.stringify(kills)})`, timeoutMs: 60_000,
    check: async () => (await stored(stack.sql)) === TOTAL && (await storedEverywhere(TOTAL)),
  });
  // Each SIGKILL ended a running worker of a board that had not taken in everything yet.
  expect(kills.filter((kill) => kill.signal === "SIGKILL" && kill.stored < TOTAL).length).toBe(4);
  const expected = await readValues(stack.sql);
  expect(expected.length).toBe(TOTAL);
  for (const follower of followers) {
    const values = await readValues(follower.sql);
    expect([follower.name, values.length]).toEqual([follower.name, TOTAL]);
    expect(values).toEqual(expected);
  }
}
