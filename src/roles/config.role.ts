import { defineCommand } from "citty";
import { describeConfig, loadConfig } from "../app/config.ts";

const show = defineCommand({
  meta: { name: "show", description: "Print the effective configuration and where each value came from (secrets redacted)" },
  args: { json: { type: "boolean", description: "Print JSON instead of a table", default: false } },
  run({ args }) {
    const rows = describeConfig(loadConfig());
    if (args.json) return void console.log(JSON.stringify(rows, null, 2));
    const width = Math.max(...rows.map((row) => row.key.length));
    for (const row of rows) console.log(`${row.key.padEnd(width)}  ${row.value || "(unset)"}  [${row.source}]`);
  },
});

export default defineCommand({
  meta: { name: "config", description: "Inspect configuration" },
  subCommands: { show },
});
