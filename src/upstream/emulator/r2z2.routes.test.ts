import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FIRST_SEQUENCE } from "./feed.ts";
import { startTestEmulator, type TestEmulator } from "./emulator.testing.ts";

let sandbox: TestEmulator;
beforeAll(async () => {
  sandbox = await startTestEmulator({ options: { backlog: 3 } });
});
afterAll(() => sandbox.stop());

describe("R2Z2", () => {
  test("sequence.json names the head after the backlog", async () => {
    const response = await sandbox.get("/ephemeral/sequence.json");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ sequence: FIRST_SEQUENCE + 2 });
  });

  test("a published sequence serves the full record with esi and zkb", async () => {
    const record = await (await sandbox.get(`/ephemeral/${FIRST_SEQUENCE}.json`)).json();
    expect(Object.keys(record)).toEqual(["killmail_id", "hash", "esi", "zkb", "uploaded_at", "sequence_id"]);
    expect(record.sequence_id).toBe(FIRST_SEQUENCE);
    expect(record.esi.killmail_id).toBe(record.killmail_id);
    expect(record.zkb.hash).toBe(record.hash);
    expect(record.zkb.href).toBe(`https://esi.evetech.net/killmails/${record.killmail_id}/${record.hash}/`);
  });

  test("a sequence past the head is 404 until it is published", async () => {
    const next = FIRST_SEQUENCE + 3;
    expect((await sandbox.get(`/ephemeral/${next}.json`)).status).toBe(404);
    sandbox.emulator.publish(1);
    expect((await sandbox.get(`/ephemeral/${next}.json`)).status).toBe(200);
  });

  test("sequence.json lags until the head is more than 51 ahead", async () => {
    const before = (await (await sandbox.get("/ephemeral/sequence.json")).json()).sequence;
    sandbox.emulator.publish(10);
    expect((await (await sandbox.get("/ephemeral/sequence.json")).json()).sequence).toBe(before);
    sandbox.emulator.publish(50);
    expect((await (await sandbox.get("/ephemeral/sequence.json")).json()).sequence).toBe(FIRST_SEQUENCE + 63);
  });

  test("a request without a User-Agent is refused with 403", async () => {
    const response = await sandbox.get("/ephemeral/sequence.json", { headers: { "user-agent": "" } });
    expect(response.status).toBe(403);
  });

  test("more than 20 requests a second from one client get 429", async () => {
    await Bun.sleep(1100);
    const statuses = await Promise.all(Array.from({ length: 25 }, () => sandbox.get("/ephemeral/sequence.json").then((r) => r.status)));
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
  });
});
