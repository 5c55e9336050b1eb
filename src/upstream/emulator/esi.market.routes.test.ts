import { afterAll, beforeAll, expect, test } from "bun:test";
import { startTestEmulator, type TestEmulator } from "./emulator.testing.ts";
import { secondsUntilHistoryExpiry } from "./esi.market.routes.ts";

let sandbox: TestEmulator;
beforeAll(async () => {
  sandbox = await startTestEmulator();
});
afterAll(() => sandbox.stop());

const history = (regionId: number, typeId: number | string) => sandbox.get(`/markets/${regionId}/history/?type_id=${typeId}`);

test("a bundled type answers its real The Forge averages and volumes, marked derived", async () => {
  const response = await history(10000002, 2182);
  expect(response.status).toBe(200);
  expect(response.headers.get("x-emulated")).toBe("derived");
  const days = await response.json();
  expect(days[0]).toMatchObject({ date: "2025-08-20", average: 7033, volume: 4000 });
  expect(Object.keys(days[0]).sort()).toEqual(["average", "date", "highest", "lowest", "order_count", "volume"]);
  expect((await (await history(10000043, 2182)).json())).toEqual([]);
});

test("a type with only a known price gets 400 generated days ending yesterday, marked generated", async () => {
  const response = await history(10000002, 2444);
  expect(response.headers.get("x-emulated")).toBe("generated");
  const days = await response.json();
  expect(days).toHaveLength(400);
  expect(days.at(-1).date).toBe(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
  expect(await (await history(10000002, 2444)).json()).toEqual(days);
});

test("history speaks ESI's cache protocol: Expires at the next 11:05 UTC, ETag, 304 on If-None-Match", async () => {
  const first = await history(10000002, 2182);
  expect(new Date(first.headers.get("expires")!).toISOString().slice(11, 16)).toBe("11:05");
  expect(first.headers.get("x-esi-error-limit-remain")).not.toBeNull();
  const again = await sandbox.get("/latest/markets/10000002/history?type_id=2182", { headers: { "if-none-match": first.headers.get("etag")! } });
  expect(again.status).toBe(304);
});

test("unknown types 404, unknown regions 422, a missing type_id 400, each costing error budget", async () => {
  const before = Number((await history(10000002, 2182)).headers.get("x-esi-error-limit-remain"));
  expect((await history(10000002, 1)).status).toBe(404);
  expect((await history(1, 34)).status).toBe(422);
  const missing = await sandbox.get("/markets/10000002/history/");
  expect(missing.status).toBe(400);
  expect(Number(missing.headers.get("x-esi-error-limit-remain"))).toBe(before - 3);
});

test("the expiry is today's 11:05 before it and tomorrow's after it", () => {
  expect(secondsUntilHistoryExpiry({ now: Date.parse("2026-01-01T11:00:00Z") })).toBe(300);
  expect(secondsUntilHistoryExpiry({ now: Date.parse("2026-01-01T11:05:00Z") })).toBe(86_400);
});
