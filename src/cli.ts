#!/usr/bin/env bun
/** The one entry point: a citty root whose subcommands are imported only when chosen. */
import { defineCommand, runMain, type CommandDef } from "citty";
import { isAppError } from "./app/errors.ts";
import { VERSION } from "./app/version.ts";

type Loader = () => Promise<{ default: CommandDef<any> }>;

/** Turns any error a command throws into one readable line and an exit code, never a stack dump. */
function withErrorExit(command: CommandDef<any>): CommandDef<any> {
  const wrapped: CommandDef<any> = { ...command };
  if (command.run) {
    const run = command.run;
    wrapped.run = async (context) => {
      try {
        return await run(context);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const code = isAppError(error) ? `${error.code}: ` : "";
        process.stderr.write(`error: ${code}${message}\n`);
        process.exit(typeof (error as { exitCode?: unknown }).exitCode === "number" ? (error as { exitCode: number }).exitCode : 1);
      }
    };
  }
  if (command.subCommands) {
    const subCommands = command.subCommands;
    wrapped.subCommands = async () => {
      const resolved = typeof subCommands === "function" ? await subCommands() : await subCommands;
      return Object.fromEntries(
        Object.entries(resolved).map(([name, sub]) => [name, async () => withErrorExit(await resolve(sub))]),
      );
    };
  }
  return wrapped;
}

async function resolve(value: unknown): Promise<CommandDef<any>> {
  const result = typeof value === "function" ? await (value as () => unknown)() : await value;
  return (result as { default?: CommandDef<any> }).default ?? (result as CommandDef<any>);
}

const lazy = (load: Loader) => async () => withErrorExit((await load()).default);

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
    emulate: lazy(() => import("./roles/emulate.role.ts")),
    listen: lazy(() => import("./roles/listen.role.ts")),
    work: lazy(() => import("./roles/work.role.ts")),
    cron: lazy(() => import("./roles/cron.role.ts")),
    backfill: lazy(() => import("./roles/backfill.role.ts")),
    queue: lazy(() => import("./roles/queue.role.ts")),
    debug: lazy(() => import("./roles/debug.role.ts")),
  },
});

if (import.meta.main) await runMain(main);
