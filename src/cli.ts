#!/usr/bin/env bun
/**
 * The one entry point: a citty root whose subcommands are imported only when chosen. The command line is
 * checked against their definitions first, and every failure ends here as one line and an exit code:
 * 2 for a command line that does not parse, 1 for anything else. Stacks only with LOG_LEVEL=debug.
 */
import { defineCommand, runCommand, showUsage, type CommandDef } from "citty";
import { checkCommandLine } from "./app/cli.argv.ts";
import { loadConfig } from "./app/config.ts";
import { createUsageError, describeFailure } from "./app/errors.ts";
import { VERSION } from "./app/version.ts";

type Loader = () => Promise<{ default: CommandDef<any> }>;

const lazy = (load: Loader) => async () => (await load()).default;

export const main = defineCommand({
  meta: { name: "killboard", version: VERSION, description: "EVE Online killboard: one binary, one subcommand per role" },
  subCommands: {
    migrate: lazy(() => import("./roles/migrate.role.ts")),
    sde: lazy(() => import("./roles/sde.role.ts")),
    prices: lazy(() => import("./roles/prices.role.ts")),
    killmail: lazy(() => import("./roles/killmail.role.ts")),
    config: lazy(() => import("./roles/config.role.ts")),
    version: lazy(() => import("./roles/version.role.ts")),
    serve: lazy(() => import("./roles/serve.role.ts")),
    ws: lazy(() => import("./roles/ws.role.ts")),
    cron: lazy(() => import("./roles/cron.role.ts")),
    emulate: lazy(() => import("./roles/emulate.role.ts")),
    listen: lazy(() => import("./roles/listen.role.ts")),
    work: lazy(() => import("./roles/work.role.ts")),
    backfill: lazy(() => import("./roles/backfill.role.ts")),
    queue: lazy(() => import("./roles/queue.role.ts")),
    status: lazy(() => import("./roles/status.role.ts")),
    debug: lazy(() => import("./roles/debug.role.ts")),
    webhook: lazy(() => import("./roles/webhook.role.ts")),
    campaign: lazy(() => import("./roles/campaign.role.ts")),
  },
});

function isDebugLogging() {
  try {
    return loadConfig().config.LOG_LEVEL === "debug";
  } catch {
    return false;
  }
}

function exitWithFailure(error: unknown): never {
  // citty's own errors (e.g. a missing positional) are usage errors too, with colour codes in their text.
  const failure = error instanceof Error && error.name === "CLIError" ? createUsageError({ message: Bun.stripANSI(error.message) }) : error;
  const { line, exitCode, stack } = describeFailure({ error: failure });
  process.stderr.write(`${line}\n`);
  if (stack && isDebugLogging()) process.stderr.write(`${stack}\n`);
  process.exit(exitCode);
}

async function runCli({ rawArgs }: { rawArgs: string[] }) {
  if (rawArgs.length === 1 && (rawArgs[0] === "--version" || rawArgs[0] === "-v")) return void console.log(VERSION);
  const { command, parent, help, missingCommand } = await checkCommandLine({ root: main, rawArgs, name: "killboard" });
  if (help || missingCommand) await showUsage(command, parent);
  if (missingCommand) throw missingCommand;
  if (!help) await runCommand(main, { rawArgs });
}

if (import.meta.main) {
  // A failure outside any command's await (a stray rejection, an emitter's error) gets the same one line.
  process.on("unhandledRejection", exitWithFailure);
  process.on("uncaughtException", exitWithFailure);
  await runCli({ rawArgs: process.argv.slice(2) }).catch(exitWithFailure);
}
