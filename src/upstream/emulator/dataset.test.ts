import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { loadEmulatorDataset } from "./dataset.ts";
import { startTestEmulator, type TestEmulator } from "./emulator.testing.ts";

let sandbox: TestEmulator;
beforeAll(async () => {
  const dataset = await loadEmulatorDataset({ synthetic: 700, startDate: "2026-11-01", endDate: "2026-11-07", seed: 3 });
  sandbox = await startTestEmulator({ dataset, options: { order: "shuffled", seed: 3 } });
});
afterAll(() => sandbox.stop());

describe("synthetic expansion", () => {
  test("two loads with the same seed are identical and a different seed differs", async () => {
    const again = await loadEmulatorDataset({ synthetic: 700, startDate: "2026-11-01", endDate: "2026-11-07", seed: 3 });
    expect(JSON.stringify(again.records.slice(-5))).toBe(JSON.stringify(sandbox.emulator.context.dataset.records.slice(-5)));
    const other = await loadEmulatorDataset({ synthetic: 700, startDate: "2026-11-01", endDate: "2026-11-07", seed: 4 });
    expect(other.records.at(-1)!.hash).not.toBe(again.records.at(-1)!.hash);
  });

  test("synthetic ids sit above the real ones and cover every chosen day", async () => {
    const totals: Record<string, number> = await (await sandbox.get("/history/totals.json")).json();
    for (const day of ["20261101", "20261102", "20261103", "20261104", "20261105", "20261106", "20261107"]) expect(totals[day]).toBeGreaterThan(50);
    expect(Object.values(totals).reduce((sum, count) => sum + count, 0)).toBe(821);
    const ids = Object.keys(await (await sandbox.get("/history/20261103.json")).json()).map(Number);
    expect(Math.min(...ids)).toBeGreaterThan(137259365);
  });

  test("one id has one hash and one body in history, raw history, ESI, R2Z2 and RedisQ", async () => {
    const hashes: Record<string, string> = await (await sandbox.get("/history/20261104.json")).json();
    const raw: Record<string, { killmail_id: number }> = await (await sandbox.get("/history/raw/20261104.json")).json();
    expect(Object.keys(raw)).toEqual(Object.keys(hashes));
    const [id, hash] = Object.entries(hashes)[7]!;
    const esi = await (await sandbox.get(`/killmails/${id}/${hash}/`)).json();
    expect(esi).toEqual(raw[id]);
    await sandbox.get("/listen.php?queueID=consistency&ttw=1");
    const published = sandbox.emulator.publish(821);
    const entry = published.find((candidate) => candidate.record.killmail_id === Number(id))!;
    const record = await (await sandbox.get(`/ephemeral/${entry.sequence}.json`)).json();
    expect(record.hash).toBe(hash);
    expect(record.esi).toEqual(esi);
    const body = await (await sandbox.get(`/object.php?objectID=${id}`)).json();
    expect(body.package.zkb.hash).toBe(hash);
  });

  test("synthetic pilots resolve to names and a consistent affiliation", async () => {
    const record = sandbox.emulator.context.dataset.records.at(-1)!;
    const attacker = record.esi.attackers.find((who) => who.character_id)!;
    if (!attacker) return;
    const [affiliation] = await (await sandbox.post("/characters/affiliation", [attacker.character_id])).json();
    expect(affiliation.corporation_id).toBe(attacker.corporation_id);
    const names = await sandbox.post("/universe/names", [attacker.character_id, attacker.corporation_id]);
    expect(names.status).toBe(200);
    expect(names.headers.get("x-emulated")).toBe("true");
  });
});
