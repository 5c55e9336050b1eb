import { afterAll, beforeAll, expect, test } from "bun:test";
import { createRedisClient } from "../redis/redis.client.ts";
import { loadEmulatorDataset } from "../upstream/emulator/dataset.ts";
import { createEmulator } from "../upstream/emulator/emulator.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { createEsiClient } from "./esi.client.ts";
import { EsiError } from "./esi.errors.ts";

let redis: ReturnType<typeof createTestRedis>;
let emulator: Awaited<ReturnType<typeof createEmulator>>;
let server: Awaited<ReturnType<Awaited<ReturnType<typeof createEmulator>>["start"]>>;

beforeAll(async () => {
  redis = createTestRedis({ name: "esi-client" });
  // A tiny killmail bucket (4 tokens = 2 fetches per 2 s) so the 429 + Retry-After path runs in seconds.
  const killmail = { name: "killmail", maxTokens: 4, windowMs: 2_000, label: "4/2s" };
  emulator = await createEmulator({ dataset: await loadEmulatorDataset(), options: { esiBuckets: { killmail } } });
  server = await emulator.start({ port: 0 });
});

afterAll(async () => {
  await server?.stop();
  await redis?.drop();
});

test("a cacheable answer is served from Redis until it expires, without a request", async () => {
  const cache = createRedisClient({ url: redis.url, purpose: "cache" });
  const esi = createEsiClient({ baseUrl: server.esi, userAgent: "killboard-test", redis: cache, keyPrefix: `${redis.prefix}:esi` });
  const corporationId = (emulator.context.dataset.records[0]!.esi.victim.corporation_id as number) ?? 1000125;
  const before = emulator.stats().esiCalls;
  const first = await esi.getCorporation({ corporationId });
  const second = await esi.getCorporation({ corporationId });
  expect(second).toEqual(first);
  expect(emulator.stats().esiCalls - before).toBe(1);
  expect(esi.stats().cacheHits).toBe(1);
  await cache.quit();
});

test("an exhausted rate-limit group waits out Retry-After instead of failing", async () => {
  const esi = createEsiClient({ baseUrl: server.esi, userAgent: "killboard-test" });
  const records = emulator.context.dataset.records.slice(0, 5);
  const bodies = [];
  for (const record of records) bodies.push(await esi.getKillmail({ killmailId: record.killmail_id, hash: record.hash }));
  expect(bodies.map((body) => (body as { killmail_id: number }).killmail_id)).toEqual(records.map((record) => record.killmail_id));
  // Once the group is known to be empty, callers wait instead of drawing more 429s.
  expect(emulator.stats().byStatus["429"] ?? 0).toBeLessThanOrEqual(2);
}, 20_000);

test("a wrong hash is a permanent error carrying ESI's status", async () => {
  const esi = createEsiClient({ baseUrl: server.esi, userAgent: "killboard-test" });
  await Bun.sleep(2_100);
  const record = emulator.context.dataset.records[0]!;
  const error = await esi.getKillmail({ killmailId: record.killmail_id, hash: "0".repeat(40) }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(EsiError);
  expect((error as EsiError).httpStatus).toBe(422);
});
