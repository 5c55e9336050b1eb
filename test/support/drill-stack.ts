/**
 * What every drill stands on: a database, a Redis, and the emulator serving synthetic killmails of recent UTC days
 * (so the hourly reconciliation's window covers them whatever day the suite runs). Each piece can be the shared
 * test server or one of the drill's own, for drills that must flush or restart it. `useDrillStack` registers the
 * set-up and tear-down hooks of the calling test file and returns the pieces once they are up.
 */
import { afterAll, beforeAll } from "bun:test";
import { DAY_MS, toUtcDay } from "../../src/app/time.ts";
import type { Sql } from "../../src/db/db.client.ts";
import { loadEmulatorDataset } from "../../src/upstream/emulator/dataset.ts";
import { createEmulator, type EmulatorOptions } from "../../src/upstream/emulator/emulator.ts";
import { BUCKET_GROUPS } from "../../src/upstream/emulator/esi.limits.ts";
import { createTestDatabase } from "./database.ts";
import { startPrivatePostgres } from "./private-postgres.ts";
import { startPrivateRedis } from "./private-redis.ts";
import { createTestRedis } from "./redis.ts";

// Every reconciled killmail is fetched from ESI: a bucket as small as the real one (1,800 fetches per 15 minutes)
// would park the worker on Retry-After for minutes, which is what it should do, but not what a drill is about.
const BIG_KILLMAIL_BUCKET = { ...BUCKET_GROUPS.killmail!, maxTokens: 1_000_000 };

type Emulator = Awaited<ReturnType<typeof createEmulator>>;
export type DrillStack = {
  sql: Sql; databaseUrl: string; redisUrl: string; prefix: string; emulator: Emulator;
  server: Awaited<ReturnType<Emulator["start"]>>;
  flushRedis: () => Promise<unknown>; restartPostgres: () => Promise<void>;
  /** The environment a role of this drill runs with. */
  env: () => Record<string, string>;
  /** Rows and distinct killmail ids stored. */
  count: () => Promise<{ rows: number; distinct: number }>;
};

async function openDatabase({ own }: { own: boolean }) {
  if (own) {
    const postgres = await startPrivatePostgres();
    return { sql: postgres.sql, url: postgres.url, restart: postgres.restart, close: postgres.stop };
  }
  const db = await createTestDatabase();
  return { sql: db.sql, url: db.url, restart: () => Promise.reject(new Error("the shared test PostgreSQL is not restarted")), close: db.drop };
}

async function openRedis({ own, name }: { own: boolean; name: string }) {
  if (own) {
    const redis = await startPrivateRedis();
    return { url: redis.url, prefix: "drill", flush: redis.flushAll, close: redis.stop };
  }
  const redis = createTestRedis({ name });
  return { url: redis.url, prefix: redis.prefix, flush: () => Promise.reject(new Error("the shared test Redis is not flushed")), close: redis.drop };
}

export function useDrillStack({ name, synthetic, days, ownRedis = false, ownPostgres = false, emulatorOptions = {} }: {
  name: string; synthetic: number; days: number; ownRedis?: boolean; ownPostgres?: boolean; emulatorOptions?: EmulatorOptions;
}) {
  const stack = {} as DrillStack;
  const closers: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    const [database, redis] = await Promise.all([openDatabase({ own: ownPostgres }), openRedis({ own: ownRedis, name })]);
    closers.push(database.close, redis.close);
    const today = Date.now();
    const dataset = await loadEmulatorDataset({
      synthetic, includeReal: false, startDate: toUtcDay(new Date(today - days * DAY_MS)), endDate: toUtcDay(new Date(today - DAY_MS)),
    });
    const emulator = await createEmulator({ dataset, options: { r2z2RequestsPerSecond: 100_000, esiBuckets: { killmail: BIG_KILLMAIL_BUCKET }, ...emulatorOptions } });
    const server = await emulator.start({ port: 0 });
    closers.unshift(() => server.stop());
    Object.assign(stack, {
      sql: database.sql, databaseUrl: database.url, redisUrl: redis.url, prefix: redis.prefix, emulator, server,
      flushRedis: redis.flush, restartPostgres: database.restart,
      env: () => ({ DATABASE_URL: database.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, R2Z2_BASE_URL: server.r2z2, ESI_BASE_URL: server.esi }),
      count: async () => (await database.sql<{ rows: number; distinct: number }[]>`
        select count(*)::int as rows, count(distinct killmail_id)::int as distinct from killmails`)[0]!,
    } satisfies DrillStack);
  }, 60_000);
  afterAll(async () => {
    for (const close of closers) await close().catch(() => {});
  });
  return stack;
}
