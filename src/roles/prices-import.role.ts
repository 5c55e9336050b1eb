import { defineCommand } from "citty";
import { AppError } from "../app/errors.ts";
import { createProgressLine } from "../app/progress.ts";
import { ensureDayRange } from "../prices/everef.files.ts";
import { importEverefHistory, type EverefImportProgress } from "../prices/everef.import.ts";
import { formatImportProgress } from "../prices/prices.progress.ts";
import { parseRegionArgs, regionArg } from "./prices.args.ts";
import { runRole } from "./role.run.ts";

/** Bad lines named one by one up to this many per run; past it only counted (a broken year would flood the terminal). */
const BAD_LINES_SHOWN = 50;

const everef = defineCommand({
  meta: { name: "everef", description: "Import EVE Ref market-history day files (a directory, one file, or a base URL such as https://data.everef.net/market-history) into price history; resumable, idempotent" },
  args: {
    source: { type: "positional", description: "Directory, market-history-YYYY-MM-DD.csv[.bz2] file, or base URL", required: true },
    from: { type: "string", description: "First day (YYYY-MM-DD)", valueHint: "DAY" },
    to: { type: "string", description: "Last day, included (YYYY-MM-DD)", valueHint: "DAY" },
    ...regionArg(),
    force: { type: "boolean", description: "Read again the files an earlier run imported completely", default: false },
  },
  async run({ args, rawArgs }) {
    ensureDayRange({ from: args.from, to: args.to });
    const given = parseRegionArgs({ rawArgs });
    await runRole({
      tag: "prices", db: { max: 3 },
      async run({ sql, config }) {
        const regions = given ?? config.PRICE_REGIONS;
        const progress = createProgressLine<EverefImportProgress>({ format: formatImportProgress });
        let last: EverefImportProgress | null = null;
        let badLines = 0;
        const counts = await importEverefHistory({
          sql, source: args.source, from: args.from, to: args.to, regions, force: args.force,
          onBadLine: (bad) => {
            if (++badLines <= BAD_LINES_SHOWN) progress.note(`${bad.file} line ${bad.line}: ${bad.reason}`);
            else if (badLines === BAD_LINES_SHOWN + 1) progress.note(`more bad lines: counted, not shown`);
          },
          onFileFailed: (failure) => progress.note(`${failure.file} failed: ${failure.reason}`),
          onProgress: (update) => progress.update((last = update)),
        });
        if (last) progress.done(last);
        const seconds = progress.elapsedMs() / 1000;
        console.log(`${counts.files} files: ${counts.imported} imported, ${counts.skipped} already imported, ${counts.missing} missing, ${counts.failed} failed`);
        console.log(`${counts.rows} rows in regions ${regions.join(", ")} (${counts.changed} new or changed), ${counts.badLines} bad lines skipped, ` +
          `${Math.round(counts.rows / Math.max(seconds, 0.001))} rows/s over ${seconds.toFixed(1)} s`);
        if (counts.failed) throw new AppError({ code: "prices.everef_failed", status: 502, message: `${counts.failed} of ${counts.files} files failed (named above); run again to retry them` });
      },
    });
  },
});

export default defineCommand({
  meta: { name: "import", description: "Import price history from a bulk source" },
  subCommands: { everef },
});
