/** Which jobs a cron process schedules, and when: the defaults of cron.jobs.ts with CRON_SCHEDULES applied. Pure. */
import { Cron } from "croner";
import type { CronJob } from "./cron.jobs.ts";
import type { CronSchedule } from "./cron.service.ts";

export class CronScheduleError extends Error {}

function checkPattern({ job, pattern }: { job: string; pattern: string }) {
  try {
    new Cron(pattern, { paused: true, timezone: "UTC" }).stop();
  } catch (error) {
    throw new CronScheduleError(`CRON_SCHEDULES: ${job}=${pattern} is not a cron pattern (${error instanceof Error ? error.message : error})`);
  }
}

/** `job=pattern;job=off`: every job named must exist and every pattern must parse, or one error names the entry. */
export function resolveSchedules({ jobs, overrides }: { jobs: CronJob[]; overrides?: string }): CronSchedule[] {
  const patterns = new Map(jobs.map((job) => [job.name, job.schedule as string | null]));
  for (const entry of (overrides ?? "").split(";").map((text) => text.trim()).filter(Boolean)) {
    const [name = "", ...rest] = entry.split("=");
    const pattern = rest.join("=").trim();
    if (!patterns.has(name.trim())) throw new CronScheduleError(`CRON_SCHEDULES: no job named "${name.trim()}" (jobs: ${jobs.map((job) => job.name).join(", ")})`);
    if (pattern !== "off") checkPattern({ job: name.trim(), pattern });
    patterns.set(name.trim(), pattern === "off" ? null : pattern);
  }
  return jobs.flatMap((job) => {
    const pattern = patterns.get(job.name);
    return pattern ? [{ job, pattern }] : [];
  });
}

/** The next time `pattern` fires after `at`, for `cron list`. */
export function nextRunOf({ pattern, at }: { pattern: string; at: Date }) {
  return new Cron(pattern, { paused: true, timezone: "UTC" }).nextRun(at);
}
