import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestEmulator, type TestEmulator } from "./emulator.testing.ts";

let sandbox: TestEmulator;
beforeAll(async () => {
  sandbox = await startTestEmulator();
});
afterAll(() => sandbox.stop());

describe("control API", () => {
  test("stats count requests per upstream and route, and ESI calls separately", async () => {
    await sandbox.post("/_emulator/stats/reset", {});
    await sandbox.get("/ephemeral/sequence.json");
    expect((await (await sandbox.get("/_emulator/stats")).json()).esiCalls).toBe(0);
    await sandbox.get("/killmails/84508915/e74fe4b03e93d0e886b3c3ea8b2aebeaacabb6f2/");
    const stats = sandbox.emulator.stats();
    expect(stats.esiCalls).toBe(1);
    expect(stats.byUpstream).toEqual({ r2z2: 1, esi: 1 });
    expect(stats.byRoute["GET /killmails/:id/:hash"]).toBe(1);
  });

  test("publish through the API advances R2Z2", async () => {
    const response = await sandbox.post("/_emulator/publish", { count: 2 });
    const { published } = await response.json();
    expect(published).toHaveLength(2);
    const record = await (await sandbox.get(`/ephemeral/${published[1].sequence}.json`)).json();
    expect(record.killmail_id).toBe(published[1].killmail_id);
    expect((await (await sandbox.get("/_emulator/state")).json()).published).toBe(2);
  });

  test("faults set through the API slow answers and cut connections", async () => {
    await sandbox.post("/_emulator/faults", { delayMs: 120 });
    const started = performance.now();
    await sandbox.get("/ephemeral/sequence.json");
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    await sandbox.post("/_emulator/faults", { delayMs: 0, dropRate: 1 });
    await expect(sandbox.get("/ephemeral/sequence.json").then((response) => response.text())).rejects.toThrow();
    await sandbox.post("/_emulator/faults", { dropRate: 0 });
    expect((await sandbox.get("/ephemeral/sequence.json")).status).toBe(200);
  });
});

describe("replay", () => {
  test("the backlog is published at start and the trickle follows at the chosen rate", async () => {
    const live = await startTestEmulator({ options: { backlog: 5, rate: 100 } });
    try {
      expect(live.emulator.context.feed.publishedCount()).toBe(5);
      await Bun.sleep(220);
      expect(live.emulator.context.feed.publishedCount()).toBeGreaterThan(10);
    } finally {
      await live.stop();
    }
  });
});
