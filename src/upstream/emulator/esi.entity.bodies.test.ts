import { afterAll, beforeAll, expect, test } from "bun:test";
import { startTestEmulator, type TestEmulator } from "./emulator.testing.ts";

let sandbox: TestEmulator;
beforeAll(async () => {
  sandbox = await startTestEmulator();
});
afterAll(() => sandbox.stop());

test("a corporation's CEO is one of its pilots, so the CEO's name resolves", async () => {
  const response = await sandbox.get("/corporations/888001549/");
  expect(response.headers.get("x-emulated")).toBe("true");
  const body = await response.json();
  expect(body.member_count).toBeGreaterThan(0);
  expect(body.date_founded).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  const ceo = await (await sandbox.get(`/characters/${body.ceo_id}/`)).json();
  expect(ceo.corporation_id).toBe(888001549);
  expect((await sandbox.post("/universe/names/", [body.ceo_id])).status).toBe(200);
  expect(await (await sandbox.get("/corporations/888001549/")).json()).toEqual(body);
});

test("an alliance's executor is one of its corporations", async () => {
  const body = await (await sandbox.get("/alliances/1354830081/")).json();
  const executor = await (await sandbox.get(`/corporations/${body.executor_corporation_id}/`)).json();
  expect(executor.alliance_id).toBe(1354830081);
  expect(body.creator_corporation_id).toBe(body.executor_corporation_id);
});
