import { expect, test } from "bun:test";
import { createErrorLimitGate } from "./esi.error-limit.ts";

const headers = (remain: number, reset: number) => new Headers({ "x-esi-error-limit-remain": String(remain), "x-esi-error-limit-reset": String(reset) });

test("a 420 pauses every caller until the window resets", async () => {
  let now = 1_000;
  const gate = createErrorLimitGate({ now: () => now });
  expect(await gate.tryAcquire()).toBe(0);
  gate.observe({ status: 420, headers: headers(0, 7) });
  expect(await gate.tryAcquire()).toBe(7_000);
  now += 7_000;
  expect(await gate.tryAcquire()).toBe(0);
});

test("callers stop before the budget is spent, counting requests still in flight", async () => {
  let now = 0;
  const gate = createErrorLimitGate({ now: () => now, margin: 10 });
  expect(await gate.tryAcquire()).toBe(0);
  gate.observe({ status: 500, headers: headers(13, 30) });
  expect(await gate.tryAcquire()).toBe(0);
  expect(await gate.tryAcquire()).toBe(0);
  expect(await gate.tryAcquire()).toBe(0);
  // 13 left, 3 in flight: should all three fail, only the margin of 10 would remain.
  expect(await gate.tryAcquire()).toBe(30_000);
  now += 30_000;
  expect(await gate.tryAcquire()).toBe(0);
});

test("a nearly spent budget reported by ESI pauses until its reset", async () => {
  const gate = createErrorLimitGate({ now: () => 0, margin: 10 });
  await gate.tryAcquire();
  gate.observe({ status: 404, headers: headers(9, 12) });
  expect(await gate.tryAcquire()).toBe(12_000);
});
