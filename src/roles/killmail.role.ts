import { defineCommand } from "citty";
import { importKillmails, type ImportProgress } from "../killmails/killmail.import.ts";
import { listKillmailFiles, parseOneKillmailJson } from "../killmails/killmail.files.ts";
import { parseKillmailInput } from "../killmails/killmail.schemas.ts";
import { createKillmailProcessor } from "../killmails/killmail.usecases.ts";
import { formatKillmailJson, formatKillmailSummary } from "../killmails/killmail.format.ts";
import { AppError, createUsageError } from "../app/errors.ts";
import { connectDatabase, createRoleContext } from "./role.context.ts";
import { runRole } from "./role.run.ts";

async function readInput(path: string) {
  const text = path === "-" ? await Bun.stdin.text() : await Bun.file(path).text().catch(() => null);
  if (text === null) throw new AppError({ code: "killmail.missing_file", message: `no such file: ${path}`, status: 400 });
  return parseOneKillmailJson({ text, origin: path === "-" ? "stdin" : path });
}

const show = defineCommand({
  meta: { name: "show", description: "Print the derived record of a killmail (values, labels, points, involvement); stores nothing" },
  args: {
    file: { type: "positional", description: "ESI body or {killmail_id, hash, esi, zkb?} record; - reads stdin", required: true },
    json: { type: "boolean", description: "Print a zKillboard R2Z2-shaped record plus our `derived` object", default: false },
  },
  async run({ args }) {
    if (args._.length > 1) throw createUsageError({ message: `killmail show takes one file, got ${args._.length} (use: killboard killmail import ${args._.join(" ")})` });
    const input = parseKillmailInput({ json: await readInput(args.file), source: "manual", firstSeenAt: new Date() });
    await runRole({
      tag: "killmail",
      db: { max: 2 },
      async run({ sql }) {
        const processor = await createKillmailProcessor({ sql });
        const [derived] = await processor.deriveKillmails({ inputs: [input] });
        console.log(args.json ? JSON.stringify(formatKillmailJson({ derived: derived! }), null, 2) : formatKillmailSummary({ derived: derived!, typeName: (id) => processor.universe.typeOf(id)?.name ?? `type ${id}` }));
      },
    });
  },
});

function createProgressBar() {
  if (!process.stderr.isTTY) return { update: (_: ImportProgress) => {}, done: () => {} };
  const started = performance.now();
  return {
    update(progress: ImportProgress) {
      const rate = progress.read / Math.max(0.001, (performance.now() - started) / 1000);
      process.stderr.write(`\r${progress.read} read, ${progress.stored} stored, ${progress.duplicates} duplicates, ${progress.rejected} rejected (${rate.toFixed(0)}/s)   `);
    },
    done: () => process.stderr.write("\n"),
  };
}

const importCommand = defineCommand({
  meta: { name: "import", description: "Store killmails from .json/.jsonl(.gz) files or directories; duplicates are skipped" },
  args: {
    paths: { type: "positional", description: "Files or directories", required: true },
    json: { type: "boolean", description: "Print {stored, duplicates, rejected: [{file, line?, reason}]} as JSON", default: false },
  },
  async run({ args }) {
    const { config } = createRoleContext({ tag: "import" });
    const files = listKillmailFiles({ paths: [args.paths, ...args._.slice(1)].filter(Boolean) as string[] });
    const sql = await connectDatabase({ url: config.DATABASE_URL, max: 4 });
    const bar = createProgressBar();
    try {
      // A stopped import (database down) throws its one error line; the bar's line must end before it.
      const result = await importKillmails({ sql, files, onProgress: bar.update }).finally(bar.done);
      if (args.json) return void console.log(JSON.stringify(result));
      console.log(`stored ${result.stored}, duplicates ${result.duplicates}, rejected ${result.rejected.length}`);
      for (const rejection of result.rejected) console.log(`  rejected ${rejection.file}${rejection.line ? `:${rejection.line}` : ""}: ${rejection.reason}`);
    } finally {
      await sql.end({ timeout: 5 });
    }
  },
});

export default defineCommand({
  meta: { name: "killmail", description: "Inspect, import and queue killmails" },
  subCommands: { show, import: importCommand, add: () => import("./killmail-add.role.ts").then((module) => module.default),
    revalue: () => import("./killmail-revalue.role.ts").then((module) => module.default) },
});
