/** Flags `prices import everef` and `prices fetch esi` share, checked before anything connects. */
import { parseArgs } from "node:util";
import { createFlagValueError } from "../app/errors.ts";

export const regionArg = () => ({
  region: {
    type: "string",
    description: "Region id to store history for (repeatable, or comma-separated); default PRICE_REGIONS (10000002, The Forge)",
    valueHint: "REGION",
  },
}) as const;

/** Every `--region` given (citty keeps only one of a repeated flag), or null when none was. */
export function parseRegionArgs({ rawArgs }: { rawArgs: string[] }) {
  // Not strict: the other flags are citty's and were checked against the command already.
  const { values } = parseArgs({ args: rawArgs, options: { region: { type: "string", multiple: true } }, strict: false, allowPositionals: true });
  const given = (values.region ?? []) as (string | boolean)[];
  if (!given.length) return null;
  const regions = given.flatMap((value) => (typeof value === "string" ? value.split(",") : [""])).map((entry) => entry.trim());
  const bad = regions.find((entry) => !/^[1-9]\d*$/.test(entry));
  if (bad !== undefined) throw createFlagValueError({ message: `--region must be a region id (e.g. 10000002), got "${bad}"` });
  return [...new Set(regions.map(Number))];
}
