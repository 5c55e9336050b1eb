import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createClock } from "./clock.ts";
import { startTestEmulator, type TestEmulator } from "./emulator.testing.ts";

let sandbox: TestEmulator;
beforeAll(async () => {
  sandbox = await startTestEmulator();
});
afterAll(() => sandbox.stop());

describe("emulator clock", () => {
  test("without an offset it is real time", () => {
    const clock = createClock({ base: () => 1_000 });
    expect(clock.now()).toBe(1_000);
    clock.advance(250);
    expect(clock.now()).toBe(1_250);
  });

  test("the control API reads, advances and sets the offset, and the context's now follows", async () => {
    const start = await (await sandbox.get("/_emulator/clock")).json();
    expect(start.offsetMs).toBe(0);
    expect(Math.abs(start.now - Date.now())).toBeLessThan(1_000);
    const advanced = await (await sandbox.post("/_emulator/clock", { advanceMs: 60_000 })).json();
    expect(advanced.offsetMs).toBe(60_000);
    expect((await (await sandbox.post("/_emulator/clock", { advanceMs: 1_000 })).json()).offsetMs).toBe(61_000);
    expect(sandbox.emulator.context.now() - Date.now()).toBeGreaterThan(60_000);
    expect((await (await sandbox.post("/_emulator/clock", { offsetMs: 0 })).json()).offsetMs).toBe(0);
  });

  test("a negative advance, both fields and an empty body are 400", async () => {
    for (const body of [{ advanceMs: -1 }, { advanceMs: 1, offsetMs: 1 }, {}, { advanceMs: "10" }]) {
      expect((await sandbox.post("/_emulator/clock", body)).status).toBe(400);
    }
    expect((await (await sandbox.get("/_emulator/clock")).json()).offsetMs).toBe(0);
  });
});
