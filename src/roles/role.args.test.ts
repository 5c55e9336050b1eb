import { expect, test } from "bun:test";
import { parseIntegerArg, parseOptionalIntegerArg } from "./role.args.ts";

test("an integer within the range is returned as a number", () => {
  expect(parseIntegerArg({ name: "concurrency", value: "16", min: 1, max: 1_000 })).toBe(16);
  expect(parseIntegerArg({ name: "min-interval-ms", value: "0", min: 0 })).toBe(0);
  expect(parseIntegerArg({ name: "from-sequence", value: " 96695606 ", min: 0 })).toBe(96_695_606);
});

test("text, fractions, blanks and out-of-range values fail with a message naming the flag and its range", () => {
  expect(() => parseIntegerArg({ name: "from-sequence", value: "abc", min: 0 })).toThrow('--from-sequence must be an integer >= 0, got "abc"');
  expect(() => parseIntegerArg({ name: "max-requests-per-s", value: "0", min: 1, max: 100_000 })).toThrow('--max-requests-per-s must be an integer from 1 to 100000, got "0"');
  expect(() => parseIntegerArg({ name: "lock-duration-ms", value: "1.5", min: 1_000 })).toThrow(/--lock-duration-ms/);
  expect(() => parseIntegerArg({ name: "ttw", value: "", min: 1, max: 10 })).toThrow(/--ttw must be an integer from 1 to 10, got ""/);
  expect(() => parseIntegerArg({ name: "ttw", value: "1e3", min: 1, max: 10 })).toThrow(/--ttw/);
  expect(() => parseIntegerArg({ name: "from-sequence", value: "99999999999999999999", min: 0 })).toThrow(/--from-sequence/);
});

test("an optional flag left out is undefined, but given it is checked like any other", () => {
  expect(parseOptionalIntegerArg({ name: "from-sequence", value: undefined, min: 0 })).toBeUndefined();
  expect(parseOptionalIntegerArg({ name: "from-sequence", value: "", min: 0 })).toBeUndefined();
  expect(() => parseOptionalIntegerArg({ name: "from-sequence", value: "abc", min: 0 })).toThrow(/--from-sequence/);
});

const CLI = new URL("../cli.ts", import.meta.url).pathname;
const runCli = (args: string[]) => {
  // Before these checks existed the listener started and polled /ephemeral/NaN.json forever: cap the wait.
  const result = Bun.spawnSync(["bun", CLI, ...args], { stdout: "pipe", stderr: "pipe", timeout: 10_000 });
  return { exitCode: result.exitCode, output: `${result.stdout.toString()}${result.stderr.toString()}` };
};

test("a role given a non-numeric flag exits 1 naming the flag, before connecting to anything", () => {
  const listen = runCli(["listen", "r2z2", "--from-sequence", "abc"]);
  expect(listen.exitCode).toBe(1);
  expect(listen.output).toContain('--from-sequence must be an integer >= 0, got "abc"');
  const work = runCli(["work", "--lock-duration-ms", "abc"]);
  expect(work.exitCode).toBe(1);
  expect(work.output).toContain("--lock-duration-ms must be an integer");
});
