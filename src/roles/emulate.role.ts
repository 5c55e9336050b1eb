import { defineCommand } from "citty";
import { runService } from "../app/run-service.ts";
import { loadEmulatorDataset } from "../upstream/emulator/dataset.ts";
import { createEmulator } from "../upstream/emulator/emulator.ts";
import { createModelZkb } from "../upstream/emulator/zkb.model.ts";
import { BUCKET_GROUPS } from "../upstream/emulator/esi.limits.ts";
import { createRoleContext } from "./role.context.ts";

function number(value: string | undefined, fallback: number) {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`expected a non-negative number, got "${value}"`);
  return parsed;
}

function parseDays(days: string) {
  const match = /^(\d{4}-\d\d-\d\d)(?:\.\.(\d{4}-\d\d-\d\d))?$/.exec(days);
  if (!match) throw new Error(`--days must be YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, got ${days}`);
  return { startDate: match[1]!, endDate: match[2] ?? match[1]! };
}

function killmailBucket(maxTokens: number) {
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new Error(`--killmail-tokens must be a positive integer, got ${maxTokens}`);
  return { ...BUCKET_GROUPS.killmail!, maxTokens, label: `${maxTokens}/15m` };
}

export default defineCommand({
  meta: { name: "emulate", description: "Serve offline fakes of R2Z2, RedisQ, ESI and the EVE-KILL WebSocket from bundled real killmails" },
  args: {
    port: { type: "string", description: "Port to listen on (0 = any free port)", default: "8900" },
    host: { type: "string", description: "Address to bind; keep loopback unless you mean to share it", default: "127.0.0.1" },
    synthetic: { type: "string", description: "Add N deterministic synthetic killmails to the 121 real ones", default: "0" },
    days: { type: "string", description: "UTC days the synthetic killmails spread over (YYYY-MM-DD..YYYY-MM-DD)", default: "2026-11-01..2026-11-07" },
    seed: { type: "string", description: "Seed of every generated value (hashes, names, shuffling, faults)", default: "1" },
    backlog: { type: "string", description: "Killmails published at start, before the live trickle", default: "100" },
    rate: { type: "string", description: "Live killmails per second after the backlog (zKillboard averages one per 5.5 s)", default: "0.2" },
    "burst-size": { type: "string", description: "Publish this many at once every --burst-every ms (0 = no bursts)", default: "0" },
    "burst-every": { type: "string", description: "Milliseconds between bursts", default: "60000" },
    order: { type: "string", description: "Publish order: time or shuffled", default: "time" },
    "error-rate": { type: "string", description: "Share (0..1) of ESI requests answered with a random 5xx", default: "0" },
    delay: { type: "string", description: "Milliseconds added before every answer", default: "0" },
    "drop-rate": { type: "string", description: "Share (0..1) of HTTP requests whose connection is cut", default: "0" },
    "killmail-tokens": {
      type: "string",
      description: "ESI killmail rate-limit bucket per 15 minutes (real ESI: 3600, about 1800 fetches); raise it for large backfills via ESI",
      default: "3600",
    },
    "redisq-package": { type: "string", description: "RedisQ package: zkb-only (since 2025-12-01) or with-killmail (before)", default: "zkb-only" },
  },
  async run({ args }) {
    const { logger } = createRoleContext({ tag: "emulate" });
    const seed = number(args.seed, 1);
    if (args.order !== "time" && args.order !== "shuffled") throw new Error("--order must be time or shuffled");
    if (args["redisq-package"] !== "zkb-only" && args["redisq-package"] !== "with-killmail") throw new Error("--redisq-package must be zkb-only or with-killmail");
    const dataset = await loadEmulatorDataset({ synthetic: number(args.synthetic, 0), seed, ...parseDays(args.days) });
    const emulator = await createEmulator({
      dataset,
      options: {
        seed, order: args.order, zkbFor: await createModelZkb(),
        esiBuckets: { killmail: killmailBucket(number(args["killmail-tokens"], 3600)) }, backlog: number(args.backlog, 100), rate: number(args.rate, 0.2),
        burstSize: number(args["burst-size"], 0), burstEveryMs: number(args["burst-every"], 60_000), redisqPackage: args["redisq-package"],
        faults: { errorRate: number(args["error-rate"], 0), delayMs: number(args.delay, 0), dropRate: number(args["drop-rate"], 0) },
      },
    });
    await runService({
      name: "emulate",
      logger,
      async run({ signal }) {
        const server = await emulator.start({ port: number(args.port, 8900), hostname: args.host });
        logger.info(`serving ${dataset.records.length} killmails; control API at ${server.url}/_emulator/stats`);
        console.log(`R2Z2_BASE_URL=${server.r2z2}\nREDISQ_URL=${server.redisq}\nESI_BASE_URL=${server.esi}\nEKWS_URL=${server.ekws}`);
        await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
        await server.stop();
      },
    });
  },
});
