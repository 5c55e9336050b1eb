import { defineCommand } from "citty";
import { createFlagValueError } from "../app/errors.ts";
import { createProgressLine } from "../app/progress.ts";
import { DAY_MS, parseUtcDay } from "../app/time.ts";
import { revalueKillmails, type RevalueProgress } from "../revalue/revalue.usecases.ts";
import { loadUniverseLookup } from "../universe/universe.usecases.ts";
import { runRole } from "./role.run.ts";

function dayFlag(name: string, text: string | undefined) {
  if (text === undefined) return null;
  const day = parseUtcDay(text);
  if (!day) throw createFlagValueError({ message: `--${name} must be a day YYYY-MM-DD, got "${text}"` });
  return day.from;
}

function typeFlag(text: string | undefined) {
  if (text === undefined) return null;
  const typeId = Number(text);
  if (!Number.isInteger(typeId) || typeId <= 0) throw createFlagValueError({ message: `--type must be a type id, got "${text}"` });
  return typeId;
}

const formatRevalueProgress = ({ progress }: { progress: RevalueProgress }) => `${progress.scanned} scanned, ${progress.changed} changed`;

const isk = (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 2 });

export default defineCommand({
  meta: { name: "revalue", description: "Price stored kills again (values, item prices, isk:* labels, entity totals); resumable; a second run changes nothing" },
  args: {
    since: { type: "string", description: "First kill day (YYYY-MM-DD)", valueHint: "DAY" },
    until: { type: "string", description: "Last kill day, included (YYYY-MM-DD)", valueHint: "DAY" },
    type: { type: "string", description: "Only kills with this type as hull or item", valueHint: "TYPE" },
    "dry-run": { type: "boolean", description: "Report what would change; write nothing", default: false },
    json: { type: "boolean", description: "Print the result as one JSON line", default: false },
  },
  async run({ args }) {
    const until = dayFlag("until", args.until);
    const filter = { since: dayFlag("since", args.since), until: until && new Date(until.getTime() + DAY_MS), typeId: typeFlag(args.type) };
    await runRole({
      tag: "revalue",
      db: { max: 3 },
      async run({ sql }) {
        const progress = createProgressLine<RevalueProgress>({ format: formatRevalueProgress });
        const result = await revalueKillmails({ sql, universe: await loadUniverseLookup({ sql }), filter, dryRun: args["dry-run"], onProgress: progress.update });
        progress.done(result);
        if (args.json) return void console.log(JSON.stringify(result));
        const verb = result.dryRun ? "would change" : "changed";
        console.log(`${result.scanned} kills scanned${result.resumed ? " (resumed)" : ""}, ${result.changed} ${verb}`);
        for (const change of result.largest) console.log(`  ${change.killmailId}: ${isk(change.before)} → ${isk(change.after)} (${change.delta >= 0 ? "+" : ""}${isk(change.delta)})`);
      },
    });
  },
});
