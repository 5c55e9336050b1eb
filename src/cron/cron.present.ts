/** `killboard cron list`: every job with its schedule, last run, outcome and next run. Pure. */
import type { CronRun } from "./cron.repository.ts";
import { nextRunOf } from "./cron.models.ts";
import type { CronSchedule } from "./cron.service.ts";
import type { CronJob } from "./cron.jobs.ts";

export function listCronJobs({ jobs, schedules, latest, now }: { jobs: CronJob[]; schedules: CronSchedule[]; latest: CronRun[]; now: Date }) {
  return jobs.map((job) => {
    const pattern = schedules.find((schedule) => schedule.job === job)?.pattern ?? null;
    const last = latest.find((run) => run.job === job.name) ?? null;
    return {
      job: job.name, description: job.description, schedule: pattern ?? "off",
      lastRun: last && { period: last.period, startedAt: last.startedAt.toISOString(), finishedAt: last.finishedAt?.toISOString() ?? null,
        outcome: last.outcome, instance: last.instance, counts: last.counts, error: last.error },
      nextRun: pattern ? nextRunOf({ pattern, at: now })?.toISOString() ?? null : null,
    };
  });
}

export type CronJobListing = ReturnType<typeof listCronJobs>[number];

export function formatCronList({ rows }: { rows: CronJobListing[] }) {
  return rows.map((row) => {
    const last = row.lastRun
      ? `last ${row.lastRun.outcome} ${row.lastRun.startedAt}${row.lastRun.error ? ` (${row.lastRun.error})` : ""}`
      : "never run";
    return `${row.job.padEnd(18)} ${row.schedule.padEnd(16)} ${last}; next ${row.nextRun ?? "-"}\n${" ".repeat(19)}${row.description}`;
  }).join("\n");
}
