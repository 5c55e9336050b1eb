import { defineCommand } from "citty";
import { loadEmulatorDataset } from "../upstream/emulator/dataset.ts";
import { createEmulator } from "../upstream/emulator/emulator.ts";
import { createModelZkb } from "../upstream/emulator/zkb.model.ts";
import { BUCKET_GROUPS } from "../upstream/emulator/esi.limits.ts";
import { readRepeatedArg } from "../upstream/emulator/emulate.args.ts";
import { createFlagValueError } from "../app/errors.ts";
import { parseUtcDay } from "../app/time.ts";
import { parseChoiceArg, parseIntegerArg, parseNumberArg } from "./role.args.ts";
import { listenOn, runRole, untilAborted } from "./role.run.ts";

/** `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`, each a real day, start <= end. */
function parseDays(days: string) {
  const [startDate = "", endDate = startDate, ...rest] = days.split("..");
  if (rest.length || !parseUtcDay(startDate) || !parseUtcDay(endDate) || startDate > endDate) {
    throw createFlagValueError({ message: `--days must be YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD (real days, start <= end), got ${JSON.stringify(days)}` });
  }
  return { startDate, endDate };
}

function killmailBucket(maxTokens: number) {
  return { ...BUCKET_GROUPS.killmail!, maxTokens, label: `${maxTokens}/15m` };
}

type EmulateArgs = Record<"seed" | "synthetic" | "backlog" | "rate" | "burst-size" | "burst-every" | "error-rate" | "delay" | "drop-rate" | "killmail-tokens" | "order" | "redisq-package", string>;

/** Every numeric and word flag, checked before the dataset loads. */
function parseEmulateArgs(args: EmulateArgs) {
  const integer = (name: keyof EmulateArgs, min: number) => parseIntegerArg({ name, value: args[name], min });
  const share = (name: keyof EmulateArgs) => parseNumberArg({ name, value: args[name], min: 0, max: 1 });
  return {
    seed: integer("seed", 0),
    synthetic: integer("synthetic", 0),
    order: parseChoiceArg({ name: "order", value: args.order, choices: ["time", "shuffled"] as const }),
    redisqPackage: parseChoiceArg({ name: "redisq-package", value: args["redisq-package"], choices: ["zkb-only", "with-killmail"] as const }),
    killmailTokens: integer("killmail-tokens", 1),
    backlog: integer("backlog", 0),
    rate: parseNumberArg({ name: "rate", value: args.rate, min: 0 }),
    burstSize: integer("burst-size", 0),
    burstEveryMs: integer("burst-every", 1),
    faults: { errorRate: share("error-rate"), delayMs: integer("delay", 0), dropRate: share("drop-rate") },
  };
}

export default defineCommand({
  meta: { name: "emulate", description: "Serve offline fakes of R2Z2, RedisQ, ESI and the EVE-KILL WebSocket from bundled real killmails" },
  args: {
    port: { type: "string", description: "Port to listen on (0 = any free port)", default: "8900" },
    host: { type: "string", description: "Address to bind; keep loopback unless you mean to share it", default: "127.0.0.1" },
    synthetic: { type: "string", description: "Add N deterministic synthetic killmails to the 121 real ones", default: "0" },
    days: { type: "string", description: "UTC days the synthetic killmails spread over (YYYY-MM-DD..YYYY-MM-DD)", default: "2026-11-01..2026-11-07" },
    seed: { type: "string", description: "Seed of every generated value (hashes, names, shuffling, faults)", default: "1" },
    backlog: { type: "string", description: "Killmails published at start, before the live trickle (R2Z2 serves them; RedisQ only to --redisq-queue queues)", default: "100" },
    rate: { type: "string", description: "Live killmails per second after the backlog (zKillboard averages one per 5.5 s)", default: "0.2" },
    "burst-size": { type: "string", description: "Publish this many at once every --burst-every ms (0 = no bursts)", default: "0" },
    "burst-every": { type: "string", description: "Milliseconds between bursts", default: "60000" },
    order: { type: "string", description: "Publish order: time or shuffled", default: "time" },
    now: {
      type: "boolean", default: false,
      description: "Publish every killmail at the present moment (the backlog spread over the minutes before), its original time kept; ids and hashes unchanged",
    },
    "error-rate": { type: "string", description: "Share (0..1) of ESI requests answered with a random 5xx", default: "0" },
    delay: { type: "string", description: "Milliseconds added before every answer", default: "0" },
    "drop-rate": { type: "string", description: "Share (0..1) of HTTP requests whose connection is cut", default: "0" },
    "killmail-tokens": {
      type: "string",
      description: "ESI killmail rate-limit bucket per 15 minutes (real ESI: 3600, about 1800 fetches); raise it for large backfills via ESI",
      default: "3600",
    },
    "redisq-package": { type: "string", description: "RedisQ package: zkb-only (since 2025-12-01) or with-killmail (before)", default: "zkb-only" },
    "redisq-queue": {
      type: "string",
      description: "RedisQ queueID that exists from the start and so receives the backlog (repeatable). Any other queue, as on zKillboard, sees only kills published after its first request",
    },
  },
  async run({ args, rawArgs }) {
    const { names: redisqQueues } = readRepeatedArg({ rawArgs, name: "redisq-queue" });
    const flags = parseEmulateArgs(args);
    const port = parseIntegerArg({ name: "port", value: args.port, min: 0, max: 65_535 });
    const days = parseDays(args.days);
    await runRole({
      tag: "emulate",
      service: true,
      // The sandbox stands in for zKillboard and ESI; it is no part of the deployment and may run without Redis.
      heartbeat: false,
      async run({ logger, signal, defer }) {
        const dataset = await loadEmulatorDataset({ synthetic: flags.synthetic, seed: flags.seed, ...days });
        const emulator = await createEmulator({
          dataset,
          options: {
            seed: flags.seed, order: flags.order, zkbFor: await createModelZkb(), esiBuckets: { killmail: killmailBucket(flags.killmailTokens) },
            backlog: flags.backlog, rate: flags.rate, burstSize: flags.burstSize, burstEveryMs: flags.burstEveryMs,
            redisqPackage: flags.redisqPackage, redisqQueues, faults: flags.faults, present: args.now === true,
          },
        });
        const server = await listenOn({ name: "--port", port, start: () => emulator.start({ port, hostname: args.host }) });
        defer(() => server.stop());
        logger.info(`serving ${dataset.records.length} killmails; control API at ${server.url}/_emulator/stats`);
        console.log(`R2Z2_BASE_URL=${server.r2z2}\nREDISQ_URL=${server.redisq}\nESI_BASE_URL=${server.esi}\nEKWS_URL=${server.ekws}`);
        await untilAborted({ signal });
      },
    });
  },
});
