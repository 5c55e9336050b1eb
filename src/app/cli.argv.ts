/**
 * Checks a command line against the citty definitions before anything runs: citty itself ignores flags and
 * arguments it does not know, so `serve --bogus` or `queue stats --foo` would run as if they were not there.
 * Accepted as citty parses them: `--flag value`, `--flag=value`, `--no-<boolean>`, camelCase spellings,
 * aliases, `-h/--help` anywhere (help then wins, and nothing is rejected) and `--` ending the flags.
 */
import type { ArgDef, CommandDef } from "citty";
import { createUsageError } from "./errors.ts";

type Command = CommandDef<any>;
type NamedArg = ArgDef & { name: string; spellings: string[] };

const HELP_FLAGS = ["--help", "-h"];

const resolveValue = async (value: unknown): Promise<unknown> => (typeof value === "function" ? await value() : await value);
const camelCase = (name: string) => name.replace(/-([a-z0-9])/gi, (_, letter: string) => letter.toUpperCase());
const kebabCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

async function resolveCommand(value: unknown): Promise<Command> {
  const resolved = (await resolveValue(value)) as { default?: Command };
  return resolved.default ?? (resolved as Command);
}

async function readArgs(command: Command): Promise<NamedArg[]> {
  const defs = ((await resolveValue(command.args)) ?? {}) as Record<string, ArgDef>;
  return Object.entries(defs).map(([name, def]) => {
    const aliases = [(def as { alias?: string | string[] }).alias ?? []].flat();
    return { ...def, name, spellings: [name, camelCase(name), kebabCase(name), ...aliases] };
  });
}

/** Edit distance, for "did you mean": commands and flags are short, so the plain table is plenty. */
export function editDistance({ from, to }: { from: string; to: string }) {
  let previous = Array.from({ length: to.length + 1 }, (_, index) => index);
  for (let i = 1; i <= from.length; i++) {
    const current = [i];
    for (let j = 1; j <= to.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (from[i - 1] === to[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return { distance: previous[to.length]! };
}

/** "did you mean X?" when one candidate is close, else the list of what is valid (nearest first). */
export function suggest({ given, candidates }: { given: string; candidates: string[] }) {
  const ranked = candidates
    .map((candidate) => ({ candidate, distance: editDistance({ from: given, to: candidate }).distance }))
    .sort((a, b) => a.distance - b.distance);
  const nearest = ranked[0];
  if (nearest && nearest.distance <= Math.max(2, Math.floor(nearest.candidate.length / 3))) return { hint: `did you mean ${nearest.candidate}?` };
  return { hint: ranked.length ? `valid: ${ranked.map((entry) => entry.candidate).join(", ")}` : "it takes none" };
}

function unknownFlag({ flag, args, where }: { flag: string; args: NamedArg[]; where: string }) {
  const candidates = [...args.filter((arg) => arg.type !== "positional").map((arg) => `--${arg.name}`), "--help"];
  const { hint } = suggest({ given: flag.split("=")[0]!, candidates });
  return createUsageError({ message: `unknown flag ${flag.split("=")[0]} for ${where}; ${hint}` });
}

/**
 * The declared flag a token spells, if any. A single dash takes one letter (an alias); grouped letters are
 * refused rather than guessed, as no command declares several one-letter flags.
 */
function findFlag({ token, find }: { token: string; find: (spelling: string) => NamedArg | undefined }) {
  const long = token.startsWith("--");
  const spelling = token.slice(long ? 2 : 1).split("=")[0]!;
  if (!long) return spelling.length === 1 ? find(spelling) : undefined;
  const direct = find(spelling);
  if (direct || !spelling.startsWith("no-") || token.includes("=")) return direct;
  const negated = find(spelling.slice(3));
  return negated?.type === "boolean" ? negated : undefined;
}

type Scan = { positionals: string[]; seen: Set<string>; subCommandAt?: number };

/** Reads one command's flags up to its sub-command name (if it has sub-commands) or to the end. */
function scanFlags({ rawArgs, args, where, lenient, stopAtWord }: { rawArgs: string[]; args: NamedArg[]; where: string; lenient: boolean; stopAtWord: boolean }): Scan {
  const positionals: string[] = [];
  const seen = new Set<string>();
  const find = (spelling: string) => args.find((arg) => arg.type !== "positional" && arg.spellings.includes(spelling));
  for (let index = 0; index < rawArgs.length; index++) {
    const token = rawArgs[index]!;
    if (token === "--") return { positionals: [...positionals, ...rawArgs.slice(index + 1)], seen };
    if (HELP_FLAGS.includes(token)) continue;
    if (!token.startsWith("-") || token === "-") {
      if (stopAtWord) return { positionals, seen, subCommandAt: index };
      positionals.push(token);
      continue;
    }
    const arg = findFlag({ token, find });
    if (!arg) {
      if (lenient) continue;
      throw unknownFlag({ flag: token, args, where });
    }
    seen.add(arg.name);
    if ((arg.type === "string" || arg.type === "enum") && !token.includes("=")) index++;
  }
  return { positionals, seen };
}

function ensureComplete({ command, args, scan, where }: { command: Command; args: NamedArg[]; scan: Scan; where: string }) {
  const declared = args.filter((arg) => arg.type === "positional");
  if (!declared.length && scan.positionals.length) {
    throw createUsageError({ message: `unexpected argument ${JSON.stringify(scan.positionals[0])} for ${where}; it takes none` });
  }
  const missing = declared.slice(scan.positionals.length).find((arg) => arg.required !== false && arg.default === undefined);
  if (missing) throw createUsageError({ message: `missing <${missing.name.toUpperCase()}> for ${where} (see ${where} --help)` });
  const flag = args.find((arg) => arg.type !== "positional" && arg.required === true && arg.default === undefined && !scan.seen.has(arg.name));
  if (flag) throw createUsageError({ message: `missing --${flag.name} for ${where} (see ${where} --help)` });
}

/**
 * Walks the command line down the sub-commands (importing only the chosen ones) and returns the command it
 * names and its parent, for help; throws a usage error (exit code 2) for anything the definitions do not declare.
 * `missingCommand` is the error for a command group given no sub-command: the caller shows its usage first.
 */
export async function checkCommandLine({ root, rawArgs, name }: { root: Command; rawArgs: string[]; name: string }) {
  const help = rawArgs.some((token) => HELP_FLAGS.includes(token));
  let command = root;
  let parent: Command | undefined;
  let rest = rawArgs;
  const path = [name];
  for (;;) {
    const where = path.join(" ");
    const args = await readArgs(command);
    const subCommands = (await resolveValue(command.subCommands)) as Record<string, unknown> | undefined;
    const scan = scanFlags({ rawArgs: rest, args, where, lenient: help, stopAtWord: Boolean(subCommands) });
    if (subCommands && scan.subCommandAt !== undefined) {
      const word = rest[scan.subCommandAt]!;
      if (!Object.hasOwn(subCommands, word)) {
        if (help) return { command, parent, help, missingCommand: undefined };
        const { hint } = suggest({ given: word, candidates: Object.keys(subCommands) });
        throw createUsageError({ message: `unknown command ${JSON.stringify(word)} for ${where}; ${hint}` });
      }
      parent = command;
      command = await resolveCommand(subCommands[word]);
      rest = rest.slice(scan.subCommandAt + 1);
      path.push(word);
      continue;
    }
    if (!help) ensureComplete({ command, args, scan, where });
    const missingCommand = subCommands && !command.run && !help ? createUsageError({ message: `${where} needs a command (see ${where} --help)` }) : undefined;
    return { command, parent, help, missingCommand };
  }
}
