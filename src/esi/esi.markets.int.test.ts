import { afterAll, beforeAll, expect, test } from "bun:test";
import { createRedisClient } from "../redis/redis.client.ts";
import { startTestEmulator, type TestEmulator } from "../upstream/emulator/emulator.testing.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { DOWNTIME_WINDOW_END_UTC_MIN, DOWNTIME_WINDOW_START_UTC_MIN } from "./esi.downtime.ts";
import { createEsiClient } from "./esi.client.ts";

let redis: ReturnType<typeof createTestRedis>;
let cache: ReturnType<typeof createRedisClient>;
let sandbox: TestEmulator;

beforeAll(async () => {
  redis = createTestRedis({ name: "esi-markets" });
  cache = createRedisClient({ url: redis.url, purpose: "cache" });
  sandbox = await startTestEmulator();
});

afterAll(async () => {
  await cache?.quit();
  await sandbox?.stop();
  await redis?.drop();
});

/** A client whose clock the test moves forward (past cache expiry, never into the daily downtime window). */
function clientWithClock({ name }: { name: string }) {
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  const esi = createEsiClient({ baseUrl: sandbox.server.esi, userAgent: "killboard-test", redis: cache, keyPrefix: `${redis.prefix}:${name}`, now });
  function jumpPast({ ms }: { ms: number }) {
    offsetMs += ms + 60_000;
    const minute = new Date(now()).getUTCHours() * 60 + new Date(now()).getUTCMinutes();
    if (minute >= DOWNTIME_WINDOW_START_UTC_MIN && minute < DOWNTIME_WINDOW_END_UTC_MIN) offsetMs += 45 * 60_000;
  }
  return { esi, jumpPast };
}

test("market history comes validated, with the emulator's marker kept through the cache", async () => {
  const { esi } = clientWithClock({ name: "history" });
  const real = await esi.getMarketHistory({ regionId: 10000002, typeId: 2182 });
  expect(real.marketType).toBe(true);
  expect(real.emulated).toBe("derived");
  expect(real.days[0]).toEqual(expect.objectContaining({ date: "2025-08-20", average: 7033, volume: 4000 }));
  const generated = await esi.getMarketHistory({ regionId: 10000002, typeId: 2444 });
  expect(generated.emulated).toBe("generated");
  expect(generated.days).toHaveLength(400);
  const before = sandbox.emulator.stats().esiCalls;
  const again = await esi.getMarketHistory({ regionId: 10000002, typeId: 2444 });
  expect(sandbox.emulator.stats().esiCalls).toBe(before);
  expect(again).toEqual(generated);
});

test("a type ESI has no market for is an empty history, not a failure", async () => {
  const { esi } = clientWithClock({ name: "no-market" });
  expect(await esi.getMarketHistory({ regionId: 10000002, typeId: 1 })).toEqual({ days: [], emulated: null, marketType: false });
});

test("market prices come validated, the real captures among them", async () => {
  const { esi } = clientWithClock({ name: "prices" });
  const { prices, emulated } = await esi.getMarketPrices();
  expect(emulated).toBe("true");
  expect(prices.find((row) => row.type_id === 34)).toEqual({ type_id: 34, average_price: 4.04, adjusted_price: expect.any(Number) });
  expect(prices.length).toBeGreaterThan(1000);
});

test("after expiry, an unchanged answer is revalidated with its ETag (a 304) and the cached body is used", async () => {
  const { esi, jumpPast } = clientWithClock({ name: "etag" });
  const first = await esi.getMarketHistory({ regionId: 10000002, typeId: 2182 });
  const prices = await esi.getMarketPrices();
  const notModifiedBefore = sandbox.emulator.stats().byStatus["304"] ?? 0;
  jumpPast({ ms: 86_400_000 });
  expect(await esi.getMarketHistory({ regionId: 10000002, typeId: 2182 })).toEqual(first);
  expect(await esi.getMarketPrices()).toEqual(prices);
  expect((sandbox.emulator.stats().byStatus["304"] ?? 0) - notModifiedBefore).toBe(2);
});
