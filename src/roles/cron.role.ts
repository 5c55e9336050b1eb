import { defineCommand } from "citty";
import { runService } from "../app/run-service.ts";
import { CRON_JOBS } from "../cron/cron.jobs.ts";
import { runCron } from "../cron/cron.service.ts";
import { connectDatabase, createRoleContext } from "./role.context.ts";

export default defineCommand({
  meta: { name: "cron", description: `Run scheduled maintenance: ${CRON_JOBS.map((job) => job.name).join(", ")} (safe with several cron processes)` },
  async run() {
    const { config, logger } = createRoleContext({ tag: "cron" });
    await runService({
      name: "cron",
      logger,
      async run({ signal }) {
        const sql = await connectDatabase({ url: config.DATABASE_URL, max: 2 });
        try {
          await runCron({ sql, logger, jobs: CRON_JOBS, signal });
        } finally {
          await sql.end({ timeout: 5 });
        }
      },
    });
  },
});
