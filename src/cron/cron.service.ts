/**
 * Runs cron jobs so that each runs once per period however many cron processes are up, and never twice at once:
 * a run first claims its (job, period) row (cron_runs' unique key decides between processes), then takes the
 * job's advisory lock (a run of the previous period still going makes this one `skipped`). At start, a period
 * that began before this process and has no run yet is run at once, so a restart neither repeats nor skips one.
 * Nothing lives in Redis, so a flushed Redis loses no schedule.
 */
import { Cron } from "croner";
import type { Logger } from "../app/log.ts";
import type { CronCounts, CronJob, CronJobContext } from "./cron.jobs.ts";
import type { CronRepository } from "./cron.repository.ts";

export type CronSchedule = { job: CronJob; pattern: string };
export type PeriodResult = { outcome: "taken" | "skipped" | "succeeded" | "failed"; counts?: CronCounts; error?: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The scheduled time a tick or a catch-up belongs to: the latest time of `pattern` at or before `at`. Croner fires
 * at or after the scheduled time, never before; its look-back excludes a run at exactly `at`, hence the 1 ms.
 */
export function periodOf({ pattern, at }: { pattern: string; at: Date }) {
  return new Cron(pattern, { timezone: "UTC", paused: true }).previousRuns(1, new Date(at.getTime() + 1))[0] ?? null;
}

export function createCronRunner({ repository, context, instance }: { repository: CronRepository; context: CronJobContext; instance: string }) {
  async function runClaimed({ job, id }: { job: CronJob; id: number }): Promise<PeriodResult> {
    await repository.abandonStaleRuns({ job: job.name, exceptId: id });
    try {
      const counts = await job.run(context);
      await repository.finishRun({ id, outcome: "succeeded", counts });
      return { outcome: "succeeded", counts };
    } catch (error) {
      await repository.finishRun({ id, outcome: "failed", error: messageOf(error) });
      return { outcome: "failed", error: messageOf(error) };
    }
  }

  return {
    async runPeriod({ job, period }: { job: CronJob; period: string }): Promise<PeriodResult> {
      const id = await repository.claimRun({ job: job.name, period, instance });
      if (id == null) return { outcome: "taken" };
      const locked = await repository.withJobLock({ job: job.name, work: () => runClaimed({ job, id }) });
      if (locked) return locked.value;
      const error = "an earlier run of this job is still going";
      await repository.finishRun({ id, outcome: "skipped", error });
      return { outcome: "skipped", error };
    },
  };
}

export type CronRunner = ReturnType<typeof createCronRunner>;

function logResult({ logger, job, period, result }: { logger: Logger; job: CronJob; period: string; result: PeriodResult }) {
  if (result.outcome === "failed") logger.warn(`${job.name} ${period} failed (runs again next period): ${result.error}`);
  else if (result.outcome !== "taken") logger.info(`${job.name} ${period} ${result.outcome}${result.counts ? ` ${JSON.stringify(result.counts)}` : ""}`);
}

/**
 * Schedules every job until `signal` aborts, then waits for the run under way. A process runs one job at a time:
 * a run holds a connection for its lock while its queries use others, so runs in parallel could exhaust the pool;
 * a tick that comes while another job runs waits its turn (its period stays unclaimed for other processes).
 */
export async function runCronScheduler({ runner, repository, schedules, logger, signal, now = () => new Date() }: {
  runner: CronRunner; repository: CronRepository; schedules: CronSchedule[]; logger: Logger; signal: AbortSignal; now?: () => Date;
}) {
  let chain: Promise<unknown> = Promise.resolve();
  const start = ({ job, period }: { job: CronJob; period: Date }) => {
    const key = period.toISOString();
    const run = chain.then(() => (signal.aborted ? undefined : runner.runPeriod({ job, period: key }).then(
      (result) => logResult({ logger, job, period: key, result }),
      (error) => logger.warn(`${job.name} ${key} could not be recorded: ${messageOf(error)}`),
    )));
    chain = run;
    return run;
  };
  const crons = schedules.map(({ job, pattern }) => new Cron(pattern, { timezone: "UTC", protect: true, name: job.name }, () => {
    const period = periodOf({ pattern, at: now() });
    return period ? start({ job, period }) : undefined;
  }));
  for (const { job, pattern } of schedules) {
    const period = periodOf({ pattern, at: now() });
    if (period && !(await repository.hasRun({ job: job.name, period: period.toISOString() }))) void start({ job, period });
  }
  logger.info(`scheduled ${schedules.map(({ job, pattern }) => `${job.name} (${pattern})`).join(", ")}`);
  await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
  for (const cron of crons) cron.stop();
  await chain;
}
