import { describe, expect, test } from "bun:test";
import { createEsiLimits, tokenCost } from "./esi.limits.ts";

function fakeClock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

describe("ESI limits", () => {
  test("token costs follow the documented table: 2XX 2, 3XX 1, 4XX 5, 429 and 5XX free", () => {
    expect([200, 304, 404, 422, 429, 500, 503].map(tokenCost)).toEqual([2, 1, 5, 5, 0, 0, 0]);
  });

  test("the error window opens with the first error, limits at 100 and resets whole", () => {
    const clock = fakeClock();
    const limits = createEsiLimits({ now: clock.now });
    expect(limits.errorState("a")).toMatchObject({ remain: 100, limited: false });
    for (let index = 0; index < 100; index++) limits.recordError("a");
    expect(limits.errorState("a")).toMatchObject({ remain: 0, limited: true, resetSeconds: 60 });
    expect(limits.errorState("b").limited).toBe(false);
    clock.advance(59_000);
    expect(limits.errorState("a")).toMatchObject({ limited: true, resetSeconds: 1 });
    clock.advance(1_000);
    expect(limits.errorState("a")).toMatchObject({ remain: 100, limited: false });
  });

  test("a bucket floats: spent tokens come back one window after they were spent", () => {
    const clock = fakeClock();
    const limits = createEsiLimits({ now: clock.now });
    const group = limits.groups.killmail!;
    limits.spend({ group, client: "a", cost: 3000 });
    clock.advance(600_000);
    expect(limits.spend({ group, client: "a", cost: 600 })).toMatchObject({ used: 3600, remaining: 0, retryAfterSeconds: 300 });
    clock.advance(300_000);
    expect(limits.bucketState({ group, client: "a" })).toMatchObject({ used: 600, remaining: 3000 });
  });

  test("a storm reads as an exhausted error limit until it ends", () => {
    const clock = fakeClock();
    const limits = createEsiLimits({ now: clock.now });
    limits.startStorm(5_000);
    expect(limits.errorState("a")).toMatchObject({ limited: true, resetSeconds: 5 });
    clock.advance(5_000);
    expect(limits.errorState("a").limited).toBe(false);
  });
});
