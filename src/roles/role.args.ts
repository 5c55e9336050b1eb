/**
 * CLI flags, checked before anything connects. citty hands every flag over as a string, and `Number()`
 * turns a typo into NaN (a listener polling /ephemeral/NaN.json forever) or lets 0 through where it divides
 * (a rate cap of 0 requests/s never sends one), so each flag states its range and a bad value names the flag.
 * Flag families shared by several commands are declared once here (`jsonArg`, `dateRangeArgs`).
 */
import { createFlagValueError } from "../app/errors.ts";
import { parseUtcDay, toUtcDay } from "../app/time.ts";

const flagError = ({ name, must, value }: { name: string; must: string; value: unknown }) =>
  createFlagValueError({ message: `--${name} must be ${must}, got ${JSON.stringify(value ?? "")}` });

/** An integer flag within [min, max]; throws an error naming `--<name>`, the range and what was given. */
export function parseIntegerArg({ name, value, min, max = Number.MAX_SAFE_INTEGER }: { name: string; value: string | undefined; min: number; max?: number }) {
  const text = (value ?? "").trim();
  const parsed = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    throw flagError({ name, must: range, value });
  }
  return parsed;
}

/** The same for a flag that may be left out: absent or empty gives undefined. */
export function parseOptionalIntegerArg(args: { name: string; value: string | undefined; min: number; max?: number }) {
  return args.value === undefined || args.value === "" ? undefined : parseIntegerArg(args);
}

/** A decimal flag within [min, max] (rates, shares, delays). */
export function parseNumberArg({ name, value, min, max = Number.MAX_VALUE }: { name: string; value: string | undefined; min: number; max?: number }) {
  const text = (value ?? "").trim();
  const parsed = /^-?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
    throw flagError({ name, must: max === Number.MAX_VALUE ? `a number >= ${min}` : `a number from ${min} to ${max}`, value });
  }
  return parsed;
}

/** One of a fixed set of words. */
export function parseChoiceArg<T extends string>({ name, value, choices }: { name: string; value: string | undefined; choices: readonly T[] }): T {
  if (!choices.includes(value as T)) throw flagError({ name, must: `one of ${choices.join(", ")}`, value });
  return value as T;
}

/** A comma-separated list, not empty; with `choices`, each entry must be one of them. */
export function parseListArg<T extends string = string>({ name, value, choices }: { name: string; value: string | undefined; choices?: readonly T[] }): T[] {
  const entries = (value ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  const unknown = choices ? entries.filter((entry) => !choices.includes(entry as T)) : [];
  if (!entries.length || unknown.length) {
    throw flagError({ name, must: choices ? `a comma-separated list of ${choices.join(", ")}` : "a comma-separated list", value });
  }
  return entries as T[];
}

/** `--json`: machine-readable output instead of the table. */
export const jsonArg = ({ description = "Print JSON" }: { description?: string } = {}) =>
  ({ json: { type: "boolean", description, default: false } }) as const;

/** `--start-date` / `--end-date`: a range of UTC days. */
export const dateRangeArgs = ({ start, end, startRequired = false }: { start: string; end: string; startRequired?: boolean }) =>
  ({
    "start-date": { type: "string", description: `First UTC day, YYYY-MM-DD (${start})`, valueHint: "YYYY-MM-DD", required: startRequired },
    "end-date": { type: "string", description: `Last UTC day, YYYY-MM-DD (${end})`, valueHint: "YYYY-MM-DD" },
  }) as const;

/** A real calendar day as `YYYY-MM-DD`, or undefined when the flag is left out. */
export function parseDayArg({ name, value }: { name: string; value: string | undefined }) {
  if (value === undefined) return undefined;
  if (!parseUtcDay(value)) throw flagError({ name, must: "a calendar day as YYYY-MM-DD", value });
  return value;
}

/** Both ends of a `dateRangeArgs` range, checked, with start <= end; a left-out end falls back to `defaultEnd`. */
export function parseDateRangeArgs({ args, defaultEnd }: { args: { "start-date"?: string; "end-date"?: string }; defaultEnd?: Date }) {
  const startDate = parseDayArg({ name: "start-date", value: args["start-date"] });
  const endDate = parseDayArg({ name: "end-date", value: args["end-date"] }) ?? (defaultEnd ? toUtcDay(defaultEnd) : undefined);
  if (startDate && endDate && startDate > endDate) {
    throw createFlagValueError({ message: `--start-date ${startDate} is after --end-date ${endDate}` });
  }
  return { startDate, endDate };
}

/** The same for a command that needs a whole range: `--start-date` is required, the end defaults to `defaultEnd`. */
export function parseBoundedDateRangeArgs({ args, defaultEnd }: { args: { "start-date"?: string; "end-date"?: string }; defaultEnd: Date }) {
  const { startDate, endDate = toUtcDay(defaultEnd) } = parseDateRangeArgs({ args, defaultEnd });
  if (!startDate) throw createFlagValueError({ message: "--start-date is required (YYYY-MM-DD)" });
  return { startDate, endDate };
}

/** `--metrics-port`: the operations port of a long-running role, for several roles on one host (0 = off). */
export const metricsPortArg = () =>
  ({ "metrics-port": { type: "string", description: "Port of /metrics, /health and /ready (default METRICS_PORT; 0 = off)", valueHint: "PORT" } }) as const;

/** The port `--metrics-port` asks for, or undefined to use METRICS_PORT. */
export const parseMetricsPortArg = ({ args }: { args: { "metrics-port"?: string } }) =>
  parseOptionalIntegerArg({ name: "metrics-port", value: args["metrics-port"], min: 0, max: 65_535 });
