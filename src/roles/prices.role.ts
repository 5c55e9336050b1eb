import { defineCommand } from "citty";
import { loadPrices } from "../prices/prices.usecases.ts";
import { connectDatabase, createRoleContext } from "./role.context.ts";

const load = defineCommand({
  meta: { name: "load", description: "Upsert the bundled item prices (Jita history, ESI averages, fixed prices); idempotent" },
  args: {
    from: { type: "string", description: "A .jsonl or .jsonl.gz file of {type_id, price_date, source, price} to load instead", valueHint: "FILE" },
  },
  async run({ args }) {
    const { config } = createRoleContext({ tag: "prices" });
    const sql = await connectDatabase({ url: config.DATABASE_URL, max: 2 });
    try {
      const { rows, counts } = await loadPrices({ sql, from: args.from });
      console.log(`read ${rows} price rows`);
      for (const [source, count] of Object.entries(counts)) console.log(`${source.padEnd(16)} ${count}`);
    } finally {
      await sql.end({ timeout: 5 });
    }
  },
});

export default defineCommand({
  meta: { name: "prices", description: "Item prices used to value killmails" },
  subCommands: { load },
});
