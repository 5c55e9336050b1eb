import { describe, expect, test } from "bun:test";
import { defineCommand } from "citty";
import { checkCommandLine, editDistance, suggest } from "./cli.argv.ts";

const stats = defineCommand({ meta: { name: "stats" }, args: { json: { type: "boolean", default: false } }, run() {} });
const backfill = defineCommand({
  meta: { name: "backfill" },
  args: { "start-date": { type: "string", required: true }, "end-date": { type: "string" }, raw: { type: "boolean", default: false } },
  run() {},
});
const show = defineCommand({ meta: { name: "show" }, args: { file: { type: "positional", required: true }, port: { type: "string", alias: "p" } }, run() {} });
const root = defineCommand({
  meta: { name: "killboard" },
  subCommands: { queue: defineCommand({ meta: { name: "queue" }, subCommands: { stats } }), backfill: async () => backfill, show, serve: defineCommand({ meta: { name: "serve" }, run() {} }) },
});

const check = (rawArgs: string[]) => checkCommandLine({ root, rawArgs, name: "killboard" });
const usageError = async (rawArgs: string[]) => {
  const error = await check(rawArgs).then(() => null, (caught: unknown) => caught as { message: string; exitCode: number });
  if (!error) throw new Error(`expected ${rawArgs.join(" ")} to be refused`);
  expect(error.exitCode).toBe(2);
  return error.message;
};

describe("checkCommandLine", () => {
  test("accepts what citty parses: values after or with =, --no- booleans, camelCase, aliases and --", async () => {
    expect((await check(["queue", "stats", "--json"])).command).toBe(stats);
    expect((await check(["backfill", "--start-date", "2026-11-01", "--end-date=2026-11-02", "--no-raw"])).command).toBe(backfill);
    expect((await check(["backfill", "--startDate", "2026-11-01"])).command).toBe(backfill);
    expect((await check(["show", "-p", "80", "--", "--not-a-flag"])).command).toBe(show);
  });

  test("an unknown flag names itself and the nearest valid flag", async () => {
    expect(await usageError(["queue", "stats", "--jsn"])).toBe("unknown flag --jsn for killboard queue stats; did you mean --json?");
    expect(await usageError(["serve", "--bogus=1"])).toBe("unknown flag --bogus for killboard serve; valid: --help");
    expect(await usageError(["queue", "stats", "--no-jsn"])).toContain("unknown flag --no-jsn");
  });

  test("--no- negates only booleans, and grouped one-letter flags are refused", async () => {
    expect(await usageError(["backfill", "--start-date", "2026-11-01", "--no-end-date"])).toContain("unknown flag --no-end-date");
    expect(await usageError(["show", "x", "-px"])).toContain("unknown flag -px");
  });

  test("an unknown sub-command names the nearest one, also below the top level", async () => {
    expect(await usageError(["queue", "statz"])).toBe('unknown command "statz" for killboard queue; did you mean stats?');
    expect(await usageError(["srve"])).toBe('unknown command "srve" for killboard; did you mean serve?');
  });

  test("missing required flags and arguments, and stray arguments, are usage errors", async () => {
    expect(await usageError(["backfill"])).toContain("missing --start-date for killboard backfill");
    expect(await usageError(["show"])).toContain("missing <FILE> for killboard show");
    expect(await usageError(["serve", "now"])).toBe('unexpected argument "now" for killboard serve; it takes none');
  });

  test("a command group without its sub-command asks for one instead of running", async () => {
    const { command, missingCommand } = await check(["queue"]);
    expect(command.meta).toEqual({ name: "queue" });
    expect(missingCommand?.message).toContain("killboard queue needs a command");
  });

  test("with --help nothing is refused and the deepest command named is the one to describe", async () => {
    const { command, help } = await check(["queue", "stats", "--bogus", "--help"]);
    expect(help).toBe(true);
    expect(command).toBe(stats);
  });
});

test("edit distance counts insertions, deletions and substitutions", () => {
  expect(editDistance({ from: "jsn", to: "json" }).distance).toBe(1);
  expect(editDistance({ from: "statz", to: "stats" }).distance).toBe(1);
  expect(editDistance({ from: "", to: "abc" }).distance).toBe(3);
});

test("a far-off name gets the list of valid ones, nearest first", () => {
  expect(suggest({ given: "--zzzzzz", candidates: ["--json", "--help"] }).hint).toBe("valid: --json, --help");
  expect(suggest({ given: "x", candidates: [] }).hint).toBe("it takes none");
});
