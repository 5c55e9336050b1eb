/**
 * Numeric CLI flags, checked before anything connects. citty hands every flag over as a string, and `Number()`
 * turns a typo into NaN (a listener polling /ephemeral/NaN.json forever) or lets 0 through where it divides
 * (a rate cap of 0 requests/s never sends one), so each flag states its range and a bad value names the flag.
 */

/** An integer flag within [min, max]; throws an Error naming `--<name>`, the range and what was given. */
export function parseIntegerArg({ name, value, min, max = Number.MAX_SAFE_INTEGER }: { name: string; value: string | undefined; min: number; max?: number }) {
  const text = (value ?? "").trim();
  const parsed = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    throw new Error(`--${name} must be ${range}, got ${JSON.stringify(value ?? "")}`);
  }
  return parsed;
}

/** The same for a flag that may be left out: absent or empty gives undefined. */
export function parseOptionalIntegerArg(args: { name: string; value: string | undefined; min: number; max?: number }) {
  return args.value === undefined || args.value === "" ? undefined : parseIntegerArg(args);
}
