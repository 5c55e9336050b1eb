import { expect, test } from "bun:test";
import { parseBoundedDateRangeArgs, parseChoiceArg, parseDateRangeArgs, parseIntegerArg, parseListArg, parseNumberArg, parseOptionalIntegerArg } from "./role.args.ts";

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

test("a date flag takes only a real calendar day as YYYY-MM-DD, and the range must not run backwards", () => {
  expect(parseDateRangeArgs({ args: { "start-date": "2024-02-29", "end-date": "2024-03-01" } })).toEqual({ startDate: "2024-02-29", endDate: "2024-03-01" });
  expect(() => parseDateRangeArgs({ args: { "start-date": "2023-13-01" } })).toThrow('--start-date must be a calendar day as YYYY-MM-DD, got "2023-13-01"');
  expect(() => parseDateRangeArgs({ args: { "end-date": "2023-02-29" } })).toThrow(/--end-date must be a calendar day/);
  expect(() => parseDateRangeArgs({ args: { "start-date": "yesterday" } })).toThrow(/--start-date/);
  expect(() => parseDateRangeArgs({ args: { "start-date": "2026-11-02", "end-date": "2026-11-01" } })).toThrow("--start-date 2026-11-02 is after --end-date 2026-11-01");
});

test("a left-out end date falls back to the given day, and a bounded range needs its start", () => {
  const defaultEnd = new Date("2026-11-07T12:00:00Z");
  expect(parseBoundedDateRangeArgs({ args: { "start-date": "2026-11-01" }, defaultEnd })).toEqual({ startDate: "2026-11-01", endDate: "2026-11-07" });
  expect(parseDateRangeArgs({ args: {} })).toEqual({ startDate: undefined, endDate: undefined });
  expect(() => parseBoundedDateRangeArgs({ args: {}, defaultEnd })).toThrow(/--start-date is required/);
  expect(() => parseBoundedDateRangeArgs({ args: { "start-date": "2026-11-08" }, defaultEnd })).toThrow(/is after --end-date 2026-11-07/);
});

test("decimal, choice and list flags name the flag and what it accepts", () => {
  expect(parseNumberArg({ name: "rate", value: "0.5", min: 0 })).toBe(0.5);
  expect(() => parseNumberArg({ name: "error-rate", value: "1.5", min: 0, max: 1 })).toThrow('--error-rate must be a number from 0 to 1, got "1.5"');
  expect(() => parseNumberArg({ name: "rate", value: "fast", min: 0 })).toThrow(/--rate must be a number >= 0/);
  expect(parseChoiceArg({ name: "order", value: "time", choices: ["time", "shuffled"] })).toBe("time");
  expect(() => parseChoiceArg({ name: "order", value: "random", choices: ["time", "shuffled"] })).toThrow('--order must be one of time, shuffled, got "random"');
  expect(parseListArg({ name: "queues", value: " killmails, enrichment ", choices: ["killmails", "enrichment"] })).toEqual(["killmails", "enrichment"]);
  expect(() => parseListArg({ name: "queues", value: "killmails,bogus", choices: ["killmails", "enrichment"] })).toThrow(/--queues must be a comma-separated list of killmails, enrichment/);
  expect(() => parseListArg({ name: "topics", value: " , " })).toThrow(/--topics/);
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
