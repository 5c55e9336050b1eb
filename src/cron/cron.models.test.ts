import { expect, test } from "bun:test";
import type { CronJob } from "./cron.jobs.ts";
import { nextRunOf, resolveSchedules } from "./cron.models.ts";
import { periodOf } from "./cron.service.ts";

const job = (name: string, schedule: string): CronJob => ({ name, schedule, description: name, run: async () => ({}) });
const jobs = [job("rollups", "0 */5 * * * *"), job("reconcile", "0 15 * * * *")];

test("without overrides every job keeps its own schedule", () => {
  expect(resolveSchedules({ jobs }).map((s) => [s.job.name, s.pattern])).toEqual([["rollups", "0 */5 * * * *"], ["reconcile", "0 15 * * * *"]]);
});

test("CRON_SCHEDULES replaces a pattern and `off` leaves a job out", () => {
  const schedules = resolveSchedules({ jobs, overrides: "rollups=* * * * * *; reconcile=off" });
  expect(schedules.map((s) => [s.job.name, s.pattern])).toEqual([["rollups", "* * * * * *"]]);
});

test("an unknown job or a pattern that does not parse is refused, naming the entry", () => {
  expect(() => resolveSchedules({ jobs, overrides: "rollup=* * * * * *" })).toThrow(/no job named "rollup"/);
  expect(() => resolveSchedules({ jobs, overrides: "rollups=every minute" })).toThrow(/rollups=every minute is not a cron pattern/);
});

test("a period is the latest scheduled time at or before the moment, in UTC", () => {
  expect(periodOf({ pattern: "0 */5 * * * *", at: new Date("2026-12-01T20:57:31.400Z") })?.toISOString()).toBe("2026-12-01T20:55:00.000Z");
  expect(periodOf({ pattern: "0 15 * * * *", at: new Date("2026-12-01T20:15:00.000Z") })?.toISOString()).toBe("2026-12-01T20:15:00.000Z");
  expect(nextRunOf({ pattern: "0 30 3 * * 1", at: new Date("2026-12-01T20:00:00Z") })?.toISOString()).toBe("2026-12-07T03:30:00.000Z");
});
