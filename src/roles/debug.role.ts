import { defineCommand } from "citty";
import { createHistoryClient } from "../backfill/history.client.ts";
import { formatCheckSummary, formatDayTable } from "../ops/check-data.format.ts";
import { createCheckDataRepository } from "../ops/check-data.repository.ts";
import { compareDays, summarizeComparison } from "../ops/check-data.usecases.ts";
import { dateRangeArgs, jsonArg, parseDateRangeArgs } from "./role.args.ts";
import { runRole } from "./role.run.ts";

const checkData = defineCommand({
  meta: { name: "check-data", description: "Stored killmails per UTC day next to zKillboard's totals.json: a summary of gap days, counts per source and outcome" },
  args: {
    ...jsonArg({ description: "Print JSON (the summary and every day)" }),
    days: { type: "boolean", description: "Also print one line per day", default: false },
    ...dateRangeArgs({ start: "default: first stored day", end: "default: last stored day" }),
  },
  async run({ args }) {
    const { startDate, endDate } = parseDateRangeArgs({ args });
    await runRole({
      tag: "debug",
      db: { max: 2 },
      async run({ sql, config, logger }) {
        const repository = createCheckDataRepository({ sql });
        const history = createHistoryClient({ baseUrl: config.R2Z2_BASE_URL, userAgent: config.ESI_USER_AGENT, timeoutMs: 15_000 });
        const totals = await history.fetchTotals().catch((error) => (logger.warn(`totals.json unavailable: ${(error as Error).message}`), null));
        const comparison = compareDays({ stored: await repository.countStoredPerDay(), totals, from: startDate, to: endDate });
        const summary = summarizeComparison({ comparison });
        const bySource = await repository.countPerSource();
        const outcomes = await repository.countOutcomes();
        if (args.json) return void console.log(JSON.stringify({ ...comparison, summary, bySource, outcomes }));
        const lines = [...(args.days ? formatDayTable({ days: comparison.days }) : []), ...formatCheckSummary({ summary, bySource, outcomes })];
        console.log(lines.join("\n"));
      },
    });
  },
});

export default defineCommand({
  meta: { name: "debug", description: "Diagnostics for operators" },
  subCommands: { "check-data": checkData },
});
