/** `prices fetch esi` against real PostgreSQL and the emulator's ESI: seen types get history once per refresh. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { runRole } from "../../test/support/processes.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { readFixtureKillmails } from "../../test/support/universe.ts";
import { createEsiClient } from "../esi/esi.client.ts";
import { parseKillmailInput } from "../killmails/killmail.schemas.ts";
import { createKillmailProcessor } from "../killmails/killmail.usecases.ts";
import { startTestEmulator, type TestEmulator } from "../upstream/emulator/emulator.testing.ts";
import { fetchEsiPrices } from "./esi.fetch.ts";
import { createPricesRepository } from "./prices.repository.ts";

const FORGE = 10000002;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
let sandbox: TestEmulator;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis({ name: "prices-fetch" });
  sandbox = await startTestEmulator();
  const processor = await createKillmailProcessor({ sql: db.sql });
  const inputs = (await readFixtureKillmails()).map((json) => parseKillmailInput({ json, source: "import", firstSeenAt: new Date(0) }));
  await processor.storeKillmails({ inputs });
});
afterAll(async () => {
  await sandbox?.stop();
  await redis?.drop();
  await db?.drop();
});

// No Redis cache: a request the second run makes would reach the emulator and show in its counts.
const esi = () => createEsiClient({ baseUrl: sandbox.server.esi, userAgent: "killboard-test" });

test("seen types and their build materials get ESI history stored as emulated, and /markets/prices/ a snapshot", async () => {
  const counts = await fetchEsiPrices({ sql: db.sql, esi: esi(), regions: [FORGE], types: "seen" });
  expect(counts.failed).toBe(0);
  expect(counts.types).toBeGreaterThan(300);
  expect(counts).toMatchObject({ fetched: counts.types, skipped: 0 });
  expect(counts.rows).toBeGreaterThan(counts.types * 100);
  const [fetches] = await db.sql<{ types: number; withoutHistory: number }[]>`
    select count(*)::int as types,
      count(*) filter (where f.rows > 0 and not exists (select 1 from price_history h where h.type_id = f.type_id and h.region_id = f.region_id))::int as without_history
    from price_fetches f where f.region_id = ${FORGE} and f.type_id > 0`;
  expect(fetches).toEqual({ types: counts.types, withoutHistory: 0 });
  // The emulated days of a type with bundled real history stay bundled where both exist: real data ranks higher.
  const [emulated] = await db.sql<{ types: number }[]>`
    select count(distinct type_id)::int as types from price_history where source = 'emulated' and region_id = ${FORGE}`;
  expect(emulated!.types).toBeGreaterThan((counts.types - counts.noHistory) * 0.9);
  // Before the run there was no emulated history: everything it reports as new or changed is exactly that.
  const [rows] = await db.sql<{ count: number }[]>`select count(*)::int as count from price_history where source = 'emulated'`;
  expect(rows!.count).toBe(counts.changed);
  // Nothing the emulator served passes for ESI market data.
  expect(await db.sql`select 1 from price_history where source = 'esi'`).toHaveLength(0);
  const [snapshots] = await db.sql<{ count: number }[]>`select count(*)::int as count from price_snapshots where source = 'emulated' and day = current_date`;
  expect(snapshots!.count).toBe(counts.snapshots);
  expect(counts.snapshots).toBeGreaterThan(1000);
});

test("a second run in the same refresh fetches nothing", async () => {
  const before = sandbox.emulator.stats().esiCalls;
  const counts = await fetchEsiPrices({ sql: db.sql, esi: esi(), regions: [FORGE], types: "seen" });
  expect(counts).toMatchObject({ fetched: 0, failed: 0, rows: 0, snapshots: 0 });
  expect(counts.skipped).toBe(counts.types);
  expect(sandbox.emulator.stats().esiCalls).toBe(before);
});

test("the CLI reports the same from the command line, and a new region is fetched from the start", async () => {
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, ESI_BASE_URL: sandbox.server.esi };
  const again = await runRole({ args: ["prices", "fetch", "esi", "--types", "seen"], env });
  expect(again.exitCode).toBe(0);
  expect(again.output).toMatch(/\d+ seen market types × 1 regions: 0 fetched, \d+ fetched earlier today, 0 failed/);
  const other = await runRole({ args: ["prices", "fetch", "esi", "--region", "10000043"], env });
  expect(other.exitCode).toBe(0);
  expect(other.output).toMatch(/: [1-9]\d* fetched, 0 fetched earlier today, 0 failed/);
  const [row] = await db.sql<{ count: number }[]>`select count(*)::int as count from price_history where region_id = 10000043`;
  expect(row!.count).toBeGreaterThan(0);
});

test("the seen types can be limited to the kills from a time on, as the daily job asks for them", async () => {
  const repository = createPricesRepository({ sql: db.sql });
  const [latest] = await db.sql<{ killmailTime: Date; typeIds: number[] }[]>`
    select k.killmail_time, array_append(array(select i.type_id from killmail_items i
      where i.killmail_id = k.killmail_id and i.killmail_time = k.killmail_time), k.victim_ship_type_id) as type_ids
    from killmails k order by k.killmail_time desc, k.killmail_id desc limit 1`;
  const all = new Set(await repository.listSeenTypeIds({ since: null }));
  const recent = await repository.listSeenTypeIds({ since: latest!.killmailTime });
  expect(new Set(recent)).toEqual(new Set(latest!.typeIds));
  expect(recent.every((typeId) => all.has(typeId))).toBe(true);
  expect(recent.length).toBeLessThan(all.size);
});
