/** CRON_SCHEDULES for a test that runs only the jobs it names (with their patterns); every other job is off. */
import { CRON_JOBS } from "../../src/cron/cron.jobs.ts";

export const onlyCronJobs = (schedules: Record<string, string>) =>
  CRON_JOBS.map((job) => `${job.name}=${schedules[job.name] ?? "off"}`).join(";");
