import { defineCommand } from "citty";
import { loadPrices, setPriceOverride } from "../prices/prices.usecases.ts";
import { runRole } from "./role.run.ts";

const load = defineCommand({
  meta: { name: "load", description: "Upsert the bundled real The Forge history and /markets/prices/ captures (source 'bundled'); idempotent" },
  async run() {
    await runRole({
      tag: "prices",
      db: { max: 2 },
      async run({ sql }) {
        const { rows, changed, counts } = await loadPrices({ sql });
        console.log(`read ${rows} bundled price rows, ${changed} new or changed`);
        for (const [source, count] of Object.entries(counts)) console.log(`history ${source.padEnd(10)} ${count}`);
      },
    });
  },
});

const set = defineCommand({
  meta: { name: "set", description: "Set an operator price for a type (shown as 'override'); run `killmail revalue` to apply it to stored kills" },
  args: {
    type: { type: "positional", description: "Type id", required: true },
    isk: { type: "positional", description: "Unit price in ISK", required: true },
    from: { type: "string", description: "First kill day it applies to (YYYY-MM-DD); open when omitted", valueHint: "DAY" },
    to: { type: "string", description: "Last kill day it applies to (YYYY-MM-DD); open when omitted", valueHint: "DAY" },
    note: { type: "string", description: "Why (shown with the price)" },
  },
  async run({ args }) {
    await runRole({
      tag: "prices",
      db: { max: 2 },
      async run({ sql }) {
        const set = await setPriceOverride({ sql, typeId: args.type, price: args.isk, from: args.from, to: args.to, note: args.note });
        console.log(`override ${set.overrideId}: type ${set.typeId} = ${set.price} ISK from ${set.fromDay ?? "the start"} to ${set.toDay ?? "now"}`);
      },
    });
  },
});

export default defineCommand({
  meta: { name: "prices", description: "Item prices used to value killmails" },
  subCommands: {
    load,
    set,
    import: () => import("./prices-import.role.ts").then((module) => module.default),
    fetch: () => import("./prices-fetch.role.ts").then((module) => module.default),
  },
});
