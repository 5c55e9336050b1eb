/**
 * Flags of `killboard emulate` that citty cannot express: it keeps only the last value of a repeated string
 * flag, so `--redisq-queue a --redisq-queue b` is read from the raw arguments instead.
 */
import { parseArgs } from "node:util";

/** Every value given to `--<name>` (repeatable); a missing or blank value is an error naming the flag. */
export function readRepeatedArg({ rawArgs, name }: { rawArgs: string[]; name: string }) {
  // Not strict: the other flags belong to citty; only this one is read here.
  const { values } = parseArgs({ args: rawArgs, options: { [name]: { type: "string", multiple: true } }, strict: false, allowPositionals: true });
  const given = (values[name] ?? []) as (string | boolean)[];
  const blank = given.find((value) => typeof value !== "string" || value.trim() === "" || value.startsWith("-"));
  if (blank !== undefined) throw new Error(`--${name} needs a value (e.g. --${name} sandbox), got ${JSON.stringify(blank)}`);
  const names = [...new Set((given as string[]).map((value) => value.trim()))];
  return { names };
}
