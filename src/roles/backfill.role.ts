import { defineCommand } from "citty";
import { runService } from "../app/run-service.ts";
import { backfillZkillboard } from "../backfill/backfill.service.ts";
import { connectDatabase, createRoleContext } from "./role.context.ts";

const DAY = /^\d{4}-\d\d-\d\d$/;
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

const zkillboard = defineCommand({
  meta: { name: "zkillboard", description: "Walk zKillboard's daily history files; resumes where it stopped" },
  args: {
    "start-date": { type: "string", description: "First UTC day, YYYY-MM-DD", required: true },
    "end-date": { type: "string", description: "Last UTC day, YYYY-MM-DD (default: yesterday)" },
    raw: { type: "boolean", description: "Store the full bodies of history/raw directly (0 ESI calls)", default: false },
  },
  async run({ args }) {
    const { config, logger } = createRoleContext({ tag: "backfill" });
    const startDate = args["start-date"];
    const endDate = args["end-date"] || yesterday();
    if (!DAY.test(startDate) || !DAY.test(endDate) || startDate > endDate) throw new Error(`need YYYY-MM-DD dates with start <= end, got ${startDate}..${endDate}`);
    const sql = await connectDatabase({ url: config.DATABASE_URL, max: 4 });
    await runService({
      name: "backfill",
      logger,
      async run({ signal }) {
        try {
          const progress = await backfillZkillboard({
            sql, logger, historyBaseUrl: config.R2Z2_BASE_URL, userAgent: config.ESI_USER_AGENT, redisUrl: config.REDIS_URL,
            prefix: config.QUEUE_PREFIX, startDate, endDate, raw: args.raw, signal,
          });
          const verb = args.raw ? "stored" : "queued";
          console.log(`backfill ${startDate}..${endDate}: ${progress.handedOff} ${verb}, ${progress.skipped} already stored, ${progress.rejected} rejected`);
        } finally {
          await sql.end({ timeout: 5 });
        }
      },
    });
  },
});

export default defineCommand({
  meta: { name: "backfill", description: "Fill history from an archive" },
  subCommands: { zkillboard },
});
