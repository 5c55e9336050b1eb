import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { dayOf, loadRealRecords } from "./dataset.ts";
import { startTestEmulator, type TestEmulator } from "./emulator.testing.ts";
import { buildPrivateKillmails, PRIVATE_KILLMAIL_FIRST_ID, selectTemplates } from "./private.killmails.ts";
import { SSO_CHARACTERS } from "./sso.characters.ts";

const THREE_DAYS_MS = 3 * 86_400_000;

describe("building private killmails", () => {
  const startedAt = Date.UTC(2026, 10, 5, 12);
  const build = async () => buildPrivateKillmails({ templates: selectTemplates({ records: await loadRealRecords() }), startedAt });

  test("each emulated character has three, victim in the first and final blow in the others", async () => {
    const built = await build();
    expect(built).toHaveLength(SSO_CHARACTERS.length * 3);
    for (const character of SSO_CHARACTERS) {
      const own = built.filter((entry) => entry.characterId === character.id);
      expect(own.map((entry) => entry.role)).toEqual(["victim", "attacker", "attacker"]);
      expect(own[0]!.record.esi.victim).toMatchObject({ character_id: character.id, corporation_id: character.corporationId, alliance_id: character.allianceId });
      for (const entry of own.slice(1)) expect(entry.record.esi.attackers.find((who) => who.final_blow)?.character_id).toBe(character.id);
    }
  });

  test("ids are new, hashes 40 hex, times inside the three days before start, and a rebuild is identical", async () => {
    const built = await build();
    const realIds = new Set((await loadRealRecords()).map((record) => record.killmail_id));
    for (const { record } of built) {
      expect(record.killmail_id).toBeGreaterThanOrEqual(PRIVATE_KILLMAIL_FIRST_ID);
      expect(realIds.has(record.killmail_id)).toBe(false);
      expect(record.hash).toMatch(/^[0-9a-f]{40}$/);
      expect(record.esi.killmail_id).toBe(record.killmail_id);
      const at = Date.parse(record.killmail_time);
      expect(at).toBeLessThan(startedAt);
      expect(at).toBeGreaterThan(startedAt - THREE_DAYS_MS);
    }
    expect(await build()).toEqual(built);
  });
});

describe("private killmails on the emulator", () => {
  let sandbox: TestEmulator;
  beforeAll(async () => {
    sandbox = await startTestEmulator({ options: { r2z2RequestsPerSecond: 100_000 } });
  });
  afterAll(() => sandbox.stop());

  test("they are served by id and hash like any killmail, with 422 on a wrong hash", async () => {
    const [first] = sandbox.emulator.privateKillmails();
    const response = await sandbox.get(`/killmails/${first!.killmail_id}/${first!.killmail_hash}/`);
    expect(response.status).toBe(200);
    expect((await response.json()).victim.character_id).toBe(first!.character_id);
    expect((await sandbox.get(`/killmails/${first!.killmail_id}/${"0".repeat(40)}/`)).status).toBe(422);
  });

  test("no feed or history file carries them, even with everything published", async () => {
    const privateIds = new Set(sandbox.emulator.privateKillmails().map((row) => row.killmail_id));
    const published = sandbox.emulator.publish(10_000);
    expect(published.length).toBe(sandbox.emulator.context.dataset.records.length);
    for (const entry of published) {
      const record = await (await sandbox.get(`/ephemeral/${entry.sequence}.json`)).json();
      expect(privateIds.has(record.killmail_id)).toBe(false);
    }
    for (const row of sandbox.emulator.privateKillmails()) {
      const day = row.killmail_time.slice(0, 10).replaceAll("-", "");
      const history = await sandbox.get(`/history/${day}.json`);
      if (history.status === 200) expect(Object.keys(await history.json())).not.toContain(String(row.killmail_id));
    }
    expect([...sandbox.emulator.context.dataset.days.values()].flat().some((record) => privateIds.has(record.killmail_id) || dayOf(record) === "")).toBe(false);
  });

  test("the control API lists them, and ESI knows their characters by name", async () => {
    expect(await (await sandbox.get("/_emulator/private-killmails")).json()).toEqual(sandbox.emulator.privateKillmails());
    const [character] = SSO_CHARACTERS;
    const body = await (await sandbox.get(`/characters/${character!.id}/`)).json();
    expect(body).toMatchObject({ name: character!.name, corporation_id: character!.corporationId, alliance_id: character!.allianceId });
    const names = await (await sandbox.post("/universe/names/", [character!.id, character!.corporationId])).json();
    expect(names.map((row: { id: number }) => row.id).sort()).toEqual([character!.id, character!.corporationId].sort());
  });
});
