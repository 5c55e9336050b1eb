import { defineCommand } from "citty";
import { createFlagValueError } from "../app/errors.ts";
import { createCronContext, cronInstanceName } from "../cron/cron.context.ts";
import { CRON_JOBS, findCronJob } from "../cron/cron.jobs.ts";
import { CronScheduleError, resolveSchedules } from "../cron/cron.models.ts";
import { formatCronList, listCronJobs } from "../cron/cron.present.ts";
import { createCronRepository } from "../cron/cron.repository.ts";
import { createCronRunner, runCronScheduler } from "../cron/cron.service.ts";
import { loadConfig } from "../app/config.ts";
import { createClock } from "../app/clock.ts";
import { jsonArg, metricsPortArg, parseMetricsPortArg } from "./role.args.ts";
import { runRole } from "./role.run.ts";

/** CRON_SCHEDULES is checked before anything connects, so a typo is one line, not a scheduler that never fires. */
function checkedSchedules() {
  try {
    return resolveSchedules({ jobs: CRON_JOBS, overrides: loadConfig().config.CRON_SCHEDULES });
  } catch (error) {
    if (error instanceof CronScheduleError) throw createFlagValueError({ message: error.message });
    throw error;
  }
}

const list = defineCommand({
  meta: { name: "list", description: "Every cron job with its schedule, last run, outcome and next run" },
  args: jsonArg(),
  async run({ args }) {
    const schedules = checkedSchedules();
    await runRole({
      tag: "cron", db: { max: 1 },
      async run({ sql }) {
        const rows = listCronJobs({ jobs: CRON_JOBS, schedules, latest: await createCronRepository({ sql }).listLatestRuns(), now: new Date() });
        console.log(args.json ? JSON.stringify(rows) : formatCronList({ rows }));
      },
    });
  },
});

const run = defineCommand({
  meta: { name: "run", description: "Run one cron job now and exit when it is done" },
  args: { job: { type: "positional", description: `Job (${CRON_JOBS.map((job) => job.name).join(", ")})`, required: true } },
  async run({ args }) {
    const job = findCronJob(args.job);
    if (!job) throw createFlagValueError({ message: `no cron job named ${args.job}; jobs: ${CRON_JOBS.map((known) => known.name).join(", ")}` });
    await runRole({
      tag: "cron", db: { max: 4 }, redis: ["producer", "cache"],
      async run({ sql, redis, config, logger, signal, defer }) {
        const clock = await createClock({ url: config.CLOCK_URL });
        defer(() => clock.stop());
        const { context, close } = createCronContext({ sql, producer: redis.producer, cache: redis.cache, config, logger, signal, now: clock.now });
        defer(close);
        const runner = createCronRunner({ repository: createCronRepository({ sql }), context, instance: cronInstanceName() });
        const result = await runner.runPeriod({ job, period: `manual:${new Date().toISOString()}` });
        console.log(JSON.stringify({ job: job.name, ...result }));
        if (result.outcome !== "succeeded") throw new Error(`${job.name} ${result.outcome}${result.error ? `: ${result.error}` : ""}`);
      },
    });
  },
});

const subCommands = { list, run };

export default defineCommand({
  meta: { name: "cron", description: `Run scheduled maintenance (${CRON_JOBS.map((job) => job.name).join(", ")}); any number of cron processes run each job once per period` },
  subCommands,
  args: metricsPortArg(),
  async run({ rawArgs, args }) {
    // citty runs this parent command for its subcommands too; only `killboard cron` alone starts the scheduler.
    // A flag's value (`--metrics-port 9467`) is no subcommand.
    if (rawArgs.some((arg) => Object.hasOwn(subCommands, arg))) return;
    const schedules = checkedSchedules();
    await runRole({
      tag: "cron", service: true, metrics: { port: parseMetricsPortArg({ args }) }, db: { max: 4 }, redis: ["producer", "cache"],
      async run({ sql, redis, config, logger, signal, defer, metrics }) {
        const clock = await createClock({ url: config.CLOCK_URL });
        defer(() => clock.stop());
        const { context, close } = createCronContext({ sql, producer: redis.producer, cache: redis.cache, config, logger, signal, now: clock.now });
        defer(close);
        const repository = createCronRepository({ sql });
        const runner = metrics.cron.instrumentCronRunner({ runner: createCronRunner({ repository, context, instance: cronInstanceName() }) });
        await runCronScheduler({ runner, repository, schedules, logger, signal });
      },
    });
  },
});
