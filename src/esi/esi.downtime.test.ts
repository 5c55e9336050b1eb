import { expect, test } from "bun:test";
import { createDowntimeGate, DOWNTIME_STATUS_POLL_MS } from "./esi.downtime.ts";

const at = (time: string) => Date.parse(`2026-11-23T${time}Z`);

test("outside the daily window nothing waits and /status is not called", async () => {
  let calls = 0;
  const gate = createDowntimeGate({ now: () => at("09:00:00"), fetchStatus: async () => (calls++, { ok: true, startTime: 0, vip: false }) });
  expect(await gate.waitMs()).toBe(0);
  expect(calls).toBe(0);
});

test("inside the window callers wait until /status shows a fresh, non-VIP server", async () => {
  let now = at("11:01:00");
  let status = { ok: false, startTime: null as number | null, vip: false };
  const gate = createDowntimeGate({ now: () => now, fetchStatus: async () => status });
  expect(await gate.waitMs()).toBe(DOWNTIME_STATUS_POLL_MS);
  now += DOWNTIME_STATUS_POLL_MS;
  status = { ok: true, startTime: at("11:04:00"), vip: true };
  expect(await gate.waitMs()).toBe(DOWNTIME_STATUS_POLL_MS);
  now += DOWNTIME_STATUS_POLL_MS;
  status = { ok: true, startTime: at("11:04:00"), vip: false };
  expect(await gate.waitMs()).toBe(0);
  expect(await gate.waitMs()).toBe(0);
});
