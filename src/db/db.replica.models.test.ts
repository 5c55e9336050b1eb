import { describe, expect, test } from "bun:test";
import { estimateLagMs, judgeReplica, parseLsn, pruneSamples } from "./db.replica.models.ts";

describe("parseLsn", () => {
  test("orders positions across the high word", () => {
    expect(parseLsn("0/FFFFFFFF") < parseLsn("1/0")).toBe(true);
    expect(parseLsn("16/B374D848")).toBe(0x16n * 2n ** 32n + 0xb374d848n);
  });
  test("rejects text that is not a position", () => {
    expect(() => parseLsn("16-B3")).toThrow("not a WAL position");
  });
});

describe("estimateLagMs", () => {
  const samples = [{ atMs: 1_000, lsn: 100n }, { atMs: 2_000, lsn: 200n }, { atMs: 3_000, lsn: 300n }];
  test("a replica that has replayed the newest sample is not behind", () => {
    expect(estimateLagMs({ samples, replayed: 300n, nowMs: 3_100 })).toBe(0);
  });
  test("a replica is at most as far behind as the newest sample it has replayed", () => {
    expect(estimateLagMs({ samples, replayed: 250n, nowMs: 3_100 })).toBe(1_100);
  });
  test("a replica behind every sample is at least as old as the oldest", () => {
    expect(estimateLagMs({ samples, replayed: 50n, nowMs: 3_100 })).toBe(2_100);
  });
  test("an idle primary whose position stays put keeps a caught-up replica at zero however long it idles", () => {
    expect(estimateLagMs({ samples: [{ atMs: 0, lsn: 7n }, { atMs: 60_000, lsn: 7n }], replayed: 7n, nowMs: 60_000 })).toBe(0);
  });
  test("without samples the lag is unknown", () => {
    expect(estimateLagMs({ samples: [], replayed: 1n, nowMs: 0 })).toBeNull();
  });
});

describe("pruneSamples", () => {
  test("keeps the window and the one sample just older than it", () => {
    const samples = [0, 1_000, 2_000, 3_000].map((atMs) => ({ atMs, lsn: BigInt(atMs) }));
    expect(pruneSamples({ samples, nowMs: 3_000, keepMs: 1_500 }).map((s) => s.atMs)).toEqual([1_000, 2_000, 3_000]);
    expect(pruneSamples({ samples, nowMs: 10_000, keepMs: 1_500 }).map((s) => s.atMs)).toEqual([3_000]);
  });
});

describe("judgeReplica", () => {
  test("a standby within the limit is used, one past it or promoted or unjudged is not", () => {
    expect(judgeReplica({ inRecovery: true, lagMs: 500, maxLagMs: 1_000 }).usable).toBe(true);
    expect(judgeReplica({ inRecovery: true, lagMs: 1_500, maxLagMs: 1_000 })).toMatchObject({ usable: false, reason: "1500 ms behind (limit 1000 ms)" });
    expect(judgeReplica({ inRecovery: false, lagMs: 0, maxLagMs: 1_000 }).usable).toBe(false);
    expect(judgeReplica({ inRecovery: true, lagMs: null, maxLagMs: 1_000 }).usable).toBe(false);
  });
});
