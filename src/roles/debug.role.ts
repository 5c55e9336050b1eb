import { defineCommand } from "citty";
import { createHistoryClient } from "../backfill/history.client.ts";
import { formatBoardCheckSummary, formatCheckSummary, formatDayTable } from "../ops/check-data.format.ts";
import { createCheckDataRepository } from "../ops/check-data.repository.ts";
import { compareDays, summarizeComparison, type DayComparison } from "../ops/check-data.usecases.ts";
import type { Config } from "../app/config.ts";
import type { Logger } from "../app/log.ts";
import { dateRangeArgs, jsonArg, parseDateRangeArgs } from "./role.args.ts";
import { runRole } from "./role.run.ts";

function fetchTotals({ config, logger }: { config: Pick<Config, "R2Z2_BASE_URL" | "ESI_USER_AGENT">; logger: Logger }) {
  const history = createHistoryClient({ baseUrl: config.R2Z2_BASE_URL, userAgent: config.ESI_USER_AGENT, timeoutMs: 15_000 });
  return history.fetchTotals().catch((error) => (logger.warn(`totals.json unavailable: ${(error as Error).message}`), null));
}

/** A board's report: stored days, per source and outcome; no gap or surplus days, which would be false. */
function printBoardReport({ json, days, comparison, ...rest }: Parameters<typeof formatBoardCheckSummary>[0] & {
  json: boolean; days: boolean; comparison: DayComparison;
}) {
  if (json) return console.log(JSON.stringify({ days: comparison.days, stored: comparison.stored, board: { entities: rest.boardSize, compared: false }, bySource: rest.bySource, outcomes: rest.outcomes }));
  console.log([...(days ? formatDayTable({ days: comparison.days }) : []), ...formatBoardCheckSummary({ comparison, ...rest })].join("\n"));
}

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
        const boardSize = config.BOARD_ENTITIES?.length ?? 0;
        // On a board, zKillboard's whole-game totals would call every day short: they are not even fetched.
        const totals = boardSize ? null : await fetchTotals({ config, logger });
        const comparison = compareDays({ stored: await repository.countStoredPerDay(), totals, from: startDate, to: endDate });
        const bySource = await repository.countPerSource();
        const outcomes = await repository.countOutcomes();
        if (boardSize) return void printBoardReport({ json: args.json, days: args.days, comparison, boardSize, bySource, outcomes });
        const summary = summarizeComparison({ comparison });
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
