import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestEmulator, type TestEmulator } from "./emulator.testing.ts";

let sandbox: TestEmulator;
beforeAll(async () => {
  sandbox = await startTestEmulator();
});
afterAll(() => sandbox.stop());

describe("ESI entities and universe", () => {
  test("a pilot seen in a killmail has a generated name, its killmail affiliation and X-Emulated", async () => {
    const response = await sandbox.get("/characters/95768281/");
    expect(response.headers.get("x-emulated")).toBe("true");
    const body = await response.json();
    expect(body.corporation_id).toBe(888001549);
    expect(body.name).toBe((await (await sandbox.get("/latest/characters/95768281")).json()).name);
    expect(response.headers.get("x-esi-error-limit-remain")).toBe("100");
  });

  test("unknown pilots, corporations and alliances are 404", async () => {
    expect((await sandbox.get("/characters/1/")).status).toBe(404);
    expect((await sandbox.get("/corporations/1/")).status).toBe(404);
    expect((await sandbox.get("/alliances/1/")).status).toBe(404);
  });

  test("corporations and alliances from killmails, and NPC corporations from the SDE, are served", async () => {
    expect((await (await sandbox.get("/corporations/888001549/")).json()).alliance_id).toBe(1354830081);
    expect((await sandbox.get("/alliances/1354830081/")).status).toBe(200);
    expect((await (await sandbox.get("/corporations/1000125/")).json()).name).toBe("CONCORD");
  });

  test("universe/names resolves pilots and static ids, and answers 404 when one id is unknown", async () => {
    const names = await (await sandbox.post("/universe/names/", [30000142, 670, 10000002])).json();
    expect(names).toEqual([
      { category: "solar_system", id: 30000142, name: "Jita" },
      { category: "inventory_type", id: 670, name: "Capsule" },
      { category: "region", id: 10000002, name: "The Forge" },
    ]);
    const missing = await sandbox.post("/universe/names/", [30000142, 1]);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "Ensure all IDs are valid before resolving." });
  });

  test("real names from the SeAT sample are not marked emulated", async () => {
    const response = await sandbox.post("/universe/names/", [98506824]);
    expect(await response.json()).toEqual([{ category: "corporation", id: 98506824, name: "BM2 Beta" }]);
    expect(response.headers.get("x-emulated")).toBeNull();
  });

  test("characters/affiliation answers known pilots", async () => {
    expect(await (await sandbox.post("/characters/affiliation/", [95768281])).json()).toEqual([
      { alliance_id: 1354830081, character_id: 95768281, corporation_id: 888001549 },
    ]);
  });

  test("types, groups and systems come from the SDE, prices and status are served", async () => {
    expect(await (await sandbox.get("/universe/types/670/")).json()).toMatchObject({ type_id: 670, group_id: 29, name: "Capsule" });
    expect(await (await sandbox.get("/universe/groups/29/")).json()).toMatchObject({ category_id: 6, types: [670, 33328] });
    expect(await (await sandbox.get("/universe/systems/30000142/")).json()).toMatchObject({ name: "Jita", constellation_id: 20000020 });
    expect((await (await sandbox.get("/markets/prices/")).json()).find((row: { type_id: number }) => row.type_id === 34).average_price).toBe(4.04);
    const status = await sandbox.get("/status/");
    expect(status.headers.get("x-ratelimit-group")).toBe("status");
    expect(Object.keys(await status.json())).toEqual(["players", "server_version", "start_time"]);
  });
});

describe("ESI map routes", () => {
  test("categories, constellations and regions list their children from the SDE", async () => {
    expect((await (await sandbox.get("/universe/categories/6/")).json()).groups).toContain(29);
    const kimotoro = await (await sandbox.get("/universe/constellations/20000020/")).json();
    expect(kimotoro).toMatchObject({ name: "Kimotoro", region_id: 10000002 });
    expect(kimotoro.systems).toContain(30000142);
    expect((await (await sandbox.get("/universe/regions/10000002/")).json()).constellations).toContain(20000020);
    expect((await sandbox.get("/universe/regions/1/")).status).toBe(404);
  });
});

describe("ESI error limit", () => {
  test("100 errors in the window bring 420 on every route until the window resets", async () => {
    const limited = await startTestEmulator({ options: { timings: { esiErrorWindowMs: 1500 } } });
    try {
      for (let index = 0; index < 99; index++) await limited.get("/characters/1/");
      const last = await limited.get("/characters/1/");
      expect(last.status).toBe(404);
      expect(last.headers.get("x-esi-error-limit-remain")).toBe("0");
      for (const path of ["/universe/types/670/", "/status/", "/killmails/84508915/e74fe4b03e93d0e886b3c3ea8b2aebeaacabb6f2/"]) {
        const response = await limited.get(path);
        expect(response.status).toBe(420);
        expect(await response.json()).toEqual({ error: "Error limited" });
      }
      await Bun.sleep(Number(last.headers.get("x-esi-error-limit-reset")) * 1000 + 50);
      expect((await limited.get("/universe/types/670/")).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  test("an error storm forces 420 for its duration", async () => {
    sandbox.emulator.setFaults({ errorStormSeconds: 0.3 });
    expect((await sandbox.get("/universe/types/670/")).status).toBe(420);
    await Bun.sleep(350);
    expect((await sandbox.get("/universe/types/670/")).status).toBe(200);
  });

  test("an error rate of 1 answers every ESI request with a 5xx", async () => {
    sandbox.emulator.setFaults({ errorRate: 1 });
    try {
      const statuses = await Promise.all([1, 2, 3].map(() => sandbox.get("/universe/types/670/").then((r) => r.status)));
      expect(statuses.every((status) => status >= 500 && status < 600)).toBe(true);
    } finally {
      sandbox.emulator.setFaults({ errorRate: 0 });
    }
  });
});
