import { defineCommand } from "citty";
import { daysBefore } from "../app/time.ts";
import { backfillBoard, backfillZkillboard } from "../backfill/backfill.service.ts";
import { createBoardDailyBackfillError, createBoardUnsetError } from "../board/board.errors.ts";
import { formatBoardEntities } from "../board/board.models.ts";
import { dateRangeArgs, parseBoundedDateRangeArgs } from "./role.args.ts";
import { runRole } from "./role.run.ts";

const zkillboard = defineCommand({
  meta: { name: "zkillboard", description: "Walk zKillboard's daily history files; resumes where it stopped" },
  args: {
    ...dateRangeArgs({ start: "required", end: "default: yesterday", startRequired: true }),
    raw: { type: "boolean", description: "Store the full bodies of history/raw directly (0 ESI calls)", default: false },
  },
  async run({ args }) {
    const { startDate, endDate } = parseBoundedDateRangeArgs({ args, defaultEnd: daysBefore(new Date(), 1) });
    await runRole({
      tag: "backfill",
      service: true,
      db: { max: 4 },
      // --raw stores directly: no queue, so no Redis to require.
      redis: args.raw ? [] : ["producer"],
      async run({ sql, redis: { producer }, config, logger, signal }) {
        if (config.BOARD_ENTITIES) throw createBoardDailyBackfillError();
        const progress = await backfillZkillboard({
          sql, logger, historyBaseUrl: config.R2Z2_BASE_URL, userAgent: config.ESI_USER_AGENT, producer,
          prefix: config.QUEUE_PREFIX, startDate, endDate, raw: args.raw, signal,
        });
        const verb = args.raw ? "stored" : "queued";
        console.log(`backfill ${startDate}..${endDate}: ${progress.handedOff} ${verb}, ${progress.skipped} already stored, ${progress.rejected} rejected`);
      },
    });
  },
});

const board = defineCommand({
  meta: { name: "board", description: "Queue BOARD_ENTITIES' whole history from zKillboard's per-entity API (ZKILLBOARD_API_URL); reruns skip what is stored" },
  async run() {
    await runRole({
      tag: "backfill",
      service: true,
      db: { max: 2 },
      redis: ["producer"],
      async run({ sql, redis: { producer }, config, logger, signal }) {
        if (!config.BOARD_ENTITIES) throw createBoardUnsetError();
        const progress = await backfillBoard({
          sql, logger, apiBaseUrl: config.ZKILLBOARD_API_URL, userAgent: config.ESI_USER_AGENT, producer,
          prefix: config.QUEUE_PREFIX, entities: config.BOARD_ENTITIES, signal,
        });
        console.log(`backfill board ${formatBoardEntities(config.BOARD_ENTITIES)}: ${progress.handedOff} queued, ${progress.skipped} already stored, ${progress.rejected} rejected`);
      },
    });
  },
});

export default defineCommand({
  meta: { name: "backfill", description: "Fill history from an archive" },
  subCommands: { zkillboard, board },
});
