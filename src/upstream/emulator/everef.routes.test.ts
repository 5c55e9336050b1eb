import { afterAll, beforeAll, expect, test } from "bun:test";
import { parseEverefDayFile, splitLines } from "../../prices/everef.parse.ts";
import { startTestEmulator, type TestEmulator } from "./emulator.testing.ts";

let sandbox: TestEmulator;
beforeAll(async () => {
  sandbox = await startTestEmulator();
});
afterAll(() => sandbox.stop());

const file = (day: string) => sandbox.get(`/market-history/${day.slice(0, 4)}/market-history-${day}.csv.bz2`);
const headerOf = async (day: string) => (await splitLines({ stream: (await file(day)).body! }).next()).value;

test("each day file has the header EVE Ref used at its date", async () => {
  expect(await headerOf("2017-12-31")).toBe("date,region_id,type_id,average,highest,lowest,volume,order_count");
  expect(await headerOf("2018-01-01")).toBe("date,region_id,type_id,average,lowest,highest,volume,order_count");
  expect(await headerOf("2020-06-17")).toBe("date,region_id,type_id,average,lowest,highest,volume,order_count");
  expect(await headerOf("2020-06-18")).toBe("average,date,highest,lowest,order_count,volume,http_last_modified,region_id,type_id");
});

test("a day file holds the real rows the ESI route serves, and totals.json counts its rows", async () => {
  const response = await file("2025-10-01");
  expect(response.headers.get("content-type")).toBe("application/x-bzip2");
  expect(response.headers.get("x-emulated")).toBe("generated");
  const rows = await Array.fromAsync(parseEverefDayFile({ stream: response.body! }));
  const esi = await (await sandbox.get("/markets/10000002/history/?type_id=2182")).json();
  const real = esi.find((day: { date: string }) => day.date === "2025-10-01");
  expect(rows.find((row) => row.typeId === 2182 && row.regionId === 10000002)).toMatchObject({ average: real.average, highest: real.highest, lowest: real.lowest, volume: real.volume, orderCount: real.order_count });
  expect(new Set(rows.map((row) => row.regionId))).toEqual(new Set([10000002, 10000043]));
  const totals = await (await sandbox.get("/market-history/totals.json")).json();
  expect(totals["2025-10-01"]).toBe(rows.length);
  expect(Object.keys(totals)[0]).toBe("2003-05-06");
});

test("days the archive does not have, and malformed names, are 404", async () => {
  expect((await file("2003-05-05")).status).toBe(404);
  expect((await file(new Date().toISOString().slice(0, 10))).status).toBe(404);
  expect((await sandbox.get("/market-history/2025/market-history-2025-02-30.csv.bz2")).status).toBe(404);
  expect((await sandbox.get("/market-history/2024/market-history-2025-01-01.csv.bz2")).status).toBe(404);
});
