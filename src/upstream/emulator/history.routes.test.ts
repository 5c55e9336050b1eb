import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestEmulator, type TestEmulator } from "./emulator.testing.ts";

let sandbox: TestEmulator;
beforeAll(async () => {
  sandbox = await startTestEmulator();
});
afterAll(() => sandbox.stop());

describe("history files", () => {
  test("a day file maps each killmail id of that UTC day to its hash, with the R2 headers", async () => {
    const response = await sandbox.get("/history/20200526.json");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ "84508915": "e74fe4b03e93d0e886b3c3ea8b2aebeaacabb6f2" });
  });

  test("the raw day file holds the ESI bodies under the same ids", async () => {
    const raw = await (await sandbox.get("/history/raw/20200526.json")).json();
    expect(raw["84508915"].killmail_time).toBe("2020-05-26T20:28:17Z");
    expect(raw["84508915"].solar_system_id).toBe(30000142);
  });

  test("totals count every day and add up to the data set", async () => {
    const totals: Record<string, number> = await (await sandbox.get("/history/totals.json")).json();
    expect(Object.values(totals).reduce((sum, count) => sum + count, 0)).toBe(121);
    expect(Object.keys(totals)).toEqual(Object.keys(totals).sort());
    expect(Object.keys(totals).every((day) => /^\d{8}$/.test(day))).toBe(true);
  });

  test("a day without killmails is 404", async () => {
    expect((await sandbox.get("/history/19990101.json")).status).toBe(404);
    expect((await sandbox.get("/history/raw/19990101.json")).status).toBe(404);
  });
});
