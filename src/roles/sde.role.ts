import { defineCommand } from "citty";
import { loadSde } from "../universe/sde.usecases.ts";
import { connectDatabase, createRoleContext } from "./role.context.ts";

const load = defineCommand({
  meta: { name: "load", description: "Upsert the static game data (types, groups, map, ...) into the database; idempotent" },
  args: {
    from: { type: "string", description: "Directory of <table>.jsonl[.gz] files to load instead of the bundled data", valueHint: "DIR" },
  },
  async run({ args }) {
    const { config, logger } = createRoleContext({ tag: "sde" });
    const sql = await connectDatabase({ url: config.DATABASE_URL, max: 2 });
    const started = performance.now();
    try {
      const { counts } = await loadSde({ sql, from: args.from, onTable: (table, rows) => logger.debug(`${table}: ${rows}`) });
      for (const [table, rows] of Object.entries(counts)) console.log(`${table.padEnd(18)} ${rows}`);
      console.log(`loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      await sql.end({ timeout: 5 });
    }
  },
});

export default defineCommand({
  meta: { name: "sde", description: "Static game data (SDE)" },
  subCommands: { load },
});
