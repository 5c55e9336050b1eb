/**
 * The jobs `killboard cron` runs. Each is safe to start from several cron processes at once: the work itself
 * takes a PostgreSQL advisory lock, and a process that does not get it skips that period.
 */
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import { createTopRepository } from "../stats/stats.top.repository.ts";

export type CronJobContext = { sql: Sql; logger: Logger };

export type CronJob = {
  name: string;
  /** Croner pattern, with seconds (UTC). */
  schedule: string;
  description: string;
  /** Run once when the role starts, so a fresh install does not wait a whole period. */
  runAtStart: boolean;
  run(context: CronJobContext): Promise<{ skipped: boolean }>;
};

export const CRON_JOBS: CronJob[] = [
  {
    name: "rollups",
    schedule: "0 */5 * * * *",
    description: "Refresh entity_totals (all-time summaries and top lists) from the entity_summaries view",
    runAtStart: true,
    async run({ sql }) {
      const refreshed = await createTopRepository({ sql }).refreshEntityTotals();
      return { skipped: !refreshed };
    },
  },
];
