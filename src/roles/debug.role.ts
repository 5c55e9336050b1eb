import { defineCommand } from "citty";
import { createHistoryClient } from "../backfill/history.client.ts";
import { createCheckDataRepository } from "../ops/check-data.repository.ts";
import { compareDays } from "../ops/check-data.usecases.ts";
import { connectDatabase, createRoleContext } from "./role.context.ts";

const checkData = defineCommand({
  meta: { name: "check-data", description: "Stored killmails per UTC day next to zKillboard's totals.json, gap days, counts per source and outcome" },
  args: {
    json: { type: "boolean", description: "Print JSON", default: false },
    "start-date": { type: "string", description: "First UTC day (default: first stored day)" },
    "end-date": { type: "string", description: "Last UTC day (default: last stored day)" },
  },
  async run({ args }) {
    const { config, logger } = createRoleContext({ tag: "debug" });
    const sql = await connectDatabase({ url: config.DATABASE_URL, max: 2 });
    try {
      const repository = createCheckDataRepository({ sql });
      const history = createHistoryClient({ baseUrl: config.R2Z2_BASE_URL, userAgent: config.ESI_USER_AGENT, timeoutMs: 15_000 });
      const totals = await history.fetchTotals().catch((error) => (logger.warn(`totals.json unavailable: ${(error as Error).message}`), null));
      const comparison = compareDays({ stored: await repository.countStoredPerDay(), totals, from: args["start-date"], to: args["end-date"] });
      const bySource = await repository.countPerSource();
      const outcomes = await repository.countOutcomes();
      if (args.json) return void console.log(JSON.stringify({ ...comparison, bySource, outcomes }));
      for (const day of comparison.days) console.log(`${day.day}  stored ${String(day.stored).padStart(7)}  expected ${day.expected ?? "?"}${day.expected !== null && day.expected !== day.stored ? "  <-- differs" : ""}`);
      console.log(`stored ${comparison.stored}; gap days ${comparison.gaps.length ? comparison.gaps.join(", ") : "none"}; surplus days ${comparison.surplus.length ? comparison.surplus.join(", ") : "none"}`);
      console.log(`per source: ${bySource.map((row) => `${row.source} ${row.stored}`).join(", ") || "none"}`);
      for (const row of outcomes) console.log(`  ${row.source} ${row.outcome} ${row.count}${row.lastReason ? ` (last reason: ${row.lastReason})` : ""}`);
    } finally {
      await sql.end({ timeout: 5 });
    }
  },
});

export default defineCommand({
  meta: { name: "debug", description: "Diagnostics for operators" },
  subCommands: { "check-data": checkData },
});
