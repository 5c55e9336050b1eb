/**
 * Runs the cron jobs on their schedules (croner, UTC) until `signal` aborts. A run never overlaps the previous one
 * of the same job (croner's `protect`), a failure is logged and retried next period, and stopping waits for the
 * runs under way so their transactions finish.
 */
import { Cron } from "croner";
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import type { CronJob } from "./cron.jobs.ts";

export async function runCron({ sql, logger, jobs, signal }: { sql: Sql; logger: Logger; jobs: CronJob[]; signal: AbortSignal }) {
  const running = new Set<Promise<void>>();
  const runJob = (job: CronJob) => {
    const started = Date.now();
    const run = job.run({ sql, logger }).then(
      ({ skipped }) => logger.info(`${job.name}: ${skipped ? "held by another cron process, skipped" : "done"} in ${Date.now() - started} ms`),
      (error) => logger.warn(`${job.name} failed (retried next period):`, error instanceof Error ? error.message : error),
    );
    running.add(run);
    return run.finally(() => running.delete(run));
  };
  const schedules = jobs.map((job) => new Cron(job.schedule, { protect: true, timezone: "UTC", name: job.name }, () => runJob(job)));
  for (const job of jobs.filter((candidate) => candidate.runAtStart)) void runJob(job);
  logger.info(`scheduled ${jobs.map((job) => `${job.name} (${job.schedule})`).join(", ")}`);
  await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
  for (const schedule of schedules) schedule.stop();
  await Promise.all(running);
}
