/**
 * Cron runs as this process saw them: each period's outcome (taken means another process claimed it), the time a
 * run took, and when each job last succeeded here. Fed by wrapping the runner (`instrumentCronRunner`), so the
 * scheduler knows nothing of metrics.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

const BUCKETS_S = [0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 1800, 3600];

type Runner<Args extends { job: { name: string } }, Result extends { outcome: string }> = { runPeriod: (args: Args) => Promise<Result> };

export function defineCronMetrics({ registry }: { registry: Registry }) {
  const runs = new Counter({
    name: "killboard_cron_runs_total",
    help: "Cron periods by job and outcome (succeeded, failed, skipped: an earlier run still going, taken: another process has it)",
    labelNames: ["job", "outcome"], registers: [registry],
  });
  const seconds = new Histogram({
    name: "killboard_cron_run_duration_seconds",
    help: "Time a cron run took in this process, by job and outcome (succeeded, failed)",
    labelNames: ["job", "outcome"], buckets: BUCKETS_S, registers: [registry],
  });
  const succeeded = new Gauge({
    name: "killboard_cron_last_success_timestamp_seconds",
    help: "Unix time a job last succeeded in this process",
    labelNames: ["job"], registers: [registry],
  });

  return {
    instrumentCronRunner<Args extends { job: { name: string } }, Result extends { outcome: string }>({ runner, now = Date.now }: { runner: Runner<Args, Result>; now?: () => number }): Runner<Args, Result> {
      return {
        ...runner,
        async runPeriod(args) {
          const started = now();
          const result = await runner.runPeriod(args);
          const job = args.job.name;
          runs.inc({ job, outcome: result.outcome });
          if (result.outcome === "succeeded" || result.outcome === "failed") seconds.observe({ job, outcome: result.outcome }, (now() - started) / 1000);
          if (result.outcome === "succeeded") succeeded.set({ job }, now() / 1000);
          return result;
        },
      };
    },
  };
}

export type CronMetrics = ReturnType<typeof defineCronMetrics>;
