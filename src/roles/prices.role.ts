import { defineCommand } from "citty";
import { loadPrices } from "../prices/prices.usecases.ts";
import { runRole } from "./role.run.ts";

const load = defineCommand({
  meta: { name: "load", description: "Upsert the bundled item prices (Jita history, ESI averages, fixed prices); idempotent" },
  args: {
    from: { type: "string", description: "A .jsonl or .jsonl.gz file of {type_id, price_date, source, price} to load instead", valueHint: "FILE" },
  },
  async run({ args }) {
    await runRole({
      tag: "prices",
      db: { max: 2 },
      async run({ sql }) {
        const { rows, counts } = await loadPrices({ sql, from: args.from });
        console.log(`read ${rows} price rows`);
        for (const [source, count] of Object.entries(counts)) console.log(`${source.padEnd(16)} ${count}`);
      },
    });
  },
});

export default defineCommand({
  meta: { name: "prices", description: "Item prices used to value killmails" },
  subCommands: { load },
});
