import { expect, test } from "bun:test";
import { formatAge, formatStatus } from "./status.format.ts";
import type { DeploymentStatus } from "./status.usecases.ts";

test("an age shows its two largest units", () => {
  expect(formatAge({ ms: 0 })).toBe("0s");
  expect(formatAge({ ms: 45_900 })).toBe("45s");
  expect(formatAge({ ms: 190_000 })).toBe("3m 10s");
  expect(formatAge({ ms: 7_200_000 })).toBe("2h");
  expect(formatAge({ ms: 4 * 86_400_000 + 2 * 3_600_000 + 59_000 })).toBe("4d 2h");
});

const counts = { waiting: 3, prioritized: 1, active: 0, delayed: 0, completed: 10, failed: 2 };
const status: DeploymentStatus = {
  at: "2026-11-20T12:00:00.000Z",
  heartbeats: [{ role: "work", instance: "m1:7", host: "m1", pid: 7, version: "0.1.0", startedAt: "2026-11-20T10:00:00.000Z", beatAt: "2026-11-20T11:59:58.000Z", ageMs: 2_000 }],
  feeds: [
    { feed: "r2z2", cursor: "100", updatedAt: "2026-11-20T11:59:59.000Z", updatedAgoMs: 1_000, head: 130, behind: 30, headError: null },
    { feed: "redisq", cursor: "x", updatedAt: "2026-11-20T11:00:00.000Z", updatedAgoMs: 3_600_000, head: null, behind: null, headError: null },
  ],
  queues: [{ queue: "killmails", counts, recentFailures: [{ id: "km-42", reason: "Invalid killmail", attempts: 3 }] }],
  gaps: {
    from: "2026-10-21", to: "2026-11-19", error: null,
    summary: { daysChecked: 30, firstDay: "2026-10-21", lastDay: "2026-11-19", stored: 90, expected: 100, gapDays: 3, gapRanges: ["2026-11-01..2026-11-03"], surplusDays: 0, surplusRanges: [] },
  },
};

test("the summary names live roles, cursor lag, queue depths with failures and the gap days", () => {
  const text = formatStatus({ status });
  expect(text).toContain("roles: 1 alive");
  expect(text).toMatch(/work +m1:7 +v0\.1\.0 +up 1h 59m, last beat 2s ago/);
  expect(text).toContain("r2z2     cursor 100, head 130, 30 behind, saved 1s ago");
  expect(text).toContain("redisq   cursor x, saved 1h ago");
  expect(text).toContain("killmails: waiting 3, prioritized 1, active 0, delayed 0, completed 10, failed 2");
  expect(text).toContain("failed km-42 after 3 attempt(s): Invalid killmail");
  expect(text).toContain("gaps: 2026-10-21..2026-11-19: 3 day(s) short: 2026-11-01..2026-11-03 (stored 90, zKillboard 100)");
});

test("no heartbeat, no cursor and unreachable totals are said as such", () => {
  const text = formatStatus({ status: { ...status, heartbeats: [], feeds: [], gaps: { ...status.gaps, summary: null, error: "HTTP 503" } } });
  expect(text).toContain("roles: none alive (no heartbeat in the last 15 s)");
  expect(text).toContain("feeds: no cursor saved yet");
  expect(text).toContain("gaps: unknown for 2026-10-21..2026-11-19: zKillboard totals unavailable (HTTP 503)");
});
