import { defineCommand } from "citty";
import { loadSde } from "../universe/sde.usecases.ts";
import { runRole } from "./role.run.ts";

const load = defineCommand({
  meta: { name: "load", description: "Upsert the static game data (types, groups, map, ...) into the database; idempotent" },
  args: {
    from: { type: "string", description: "Directory of <table>.jsonl[.gz] files to load instead of the bundled data", valueHint: "DIR" },
  },
  async run({ args }) {
    await runRole({
      tag: "sde",
      db: { max: 2 },
      async run({ sql, logger }) {
        const started = performance.now();
        const { counts } = await loadSde({ sql, from: args.from, onTable: (table, rows) => logger.debug(`${table}: ${rows}`) });
        for (const [table, rows] of Object.entries(counts)) console.log(`${table.padEnd(18)} ${rows}`);
        console.log(`loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      },
    });
  },
});

export default defineCommand({
  meta: { name: "sde", description: "Static game data (SDE)" },
  subCommands: { load },
});
