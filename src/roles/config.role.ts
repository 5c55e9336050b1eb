import { defineCommand } from "citty";
import { describeConfig, loadConfig } from "../app/config.ts";
import { jsonArg } from "./role.args.ts";

const show = defineCommand({
  meta: { name: "show", description: "Print the effective configuration, where each value came from and what it is for (secrets redacted)" },
  args: jsonArg({ description: "Print JSON instead of a table" }),
  run({ args }) {
    const rows = describeConfig(loadConfig());
    if (args.json) return void console.log(JSON.stringify(rows, null, 2));
    const widths = { key: Math.max(...rows.map((row) => row.key.length)), value: Math.max(...rows.map((row) => (row.value || "(unset)").length)) };
    for (const row of rows) {
      const source = `[${row.source}]`.padEnd(9);
      console.log(`${row.key.padEnd(widths.key)}  ${(row.value || "(unset)").padEnd(widths.value)}  ${source}  ${row.description}`);
    }
  },
});

export default defineCommand({
  meta: { name: "config", description: "Inspect configuration" },
  subCommands: { show },
});
