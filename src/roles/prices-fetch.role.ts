import { defineCommand } from "citty";
import { AppError } from "../app/errors.ts";
import { createProgressLine } from "../app/progress.ts";
import { createEsiClient } from "../esi/esi.client.ts";
import { fetchEsiPrices, type EsiFetchProgress } from "../prices/esi.fetch.ts";
import { formatFetchProgress } from "../prices/prices.progress.ts";
import { parseRegionArgs, regionArg } from "./prices.args.ts";
import { parseChoiceArg } from "./role.args.ts";
import { runRole } from "./role.run.ts";

const esi = defineCommand({
  meta: { name: "esi", description: "Fetch ESI market history (once per daily refresh, resumable) and today's /markets/prices/ into the price store" },
  args: {
    types: { type: "string", description: "seen: types of stored killmails and their build materials; all: every market type", default: "seen", valueHint: "seen|all" },
    ...regionArg(),
  },
  async run({ args, rawArgs }) {
    const types = parseChoiceArg({ name: "types", value: args.types, choices: ["seen", "all"] as const });
    const given = parseRegionArgs({ rawArgs });
    await runRole({
      tag: "prices", db: { max: 4 }, redis: ["cache"],
      async run({ sql, redis, config }) {
        // The worker's key prefix: the ETag cache and the error-limit pause are shared with every process.
        const client = createEsiClient({ baseUrl: config.ESI_BASE_URL, userAgent: config.ESI_USER_AGENT, redis: redis.cache, keyPrefix: `${config.QUEUE_PREFIX}:esi` });
        const regions = given ?? config.PRICE_REGIONS;
        const progress = createProgressLine<EsiFetchProgress>({ format: formatFetchProgress });
        let last: EsiFetchProgress | null = null;
        const counts = await fetchEsiPrices({
          sql, esi: client, regions, types,
          onTypeFailed: (failure) => progress.note(`type ${failure.typeId} in region ${failure.regionId} failed: ${failure.reason}`),
          onProgress: (update) => progress.update((last = update)),
        });
        if (last) progress.done(last);
        console.log(`${counts.types} ${types} market types × ${regions.length} regions: ${counts.fetched} fetched, ${counts.skipped} fetched earlier today, ` +
          `${counts.failed} failed, ${counts.noHistory} without history${types === "seen" ? `, ${counts.notOnMarket} seen types not on the market` : ""}`);
        console.log(`${counts.rows} history days (${counts.changed} new or changed); ${counts.snapshots} /markets/prices/ rows (${counts.snapshotsChanged} new or changed)`);
        if (counts.failed) throw new AppError({ code: "prices.esi_failed", status: 502, message: `${counts.failed} types failed (named above); run again to fetch them` });
      },
    });
  },
});

export default defineCommand({
  meta: { name: "fetch", description: "Fetch prices from a live source" },
  subCommands: { esi },
});
