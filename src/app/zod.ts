/** The one way a zod failure becomes text: each problem as `path: message`, the path in JSON notation. */
import type { z } from "zod";

/** `items[3].flag`, `victim.ship_type_id`, or `(root)` for the value itself. */
export function formatZodPath(path: readonly PropertyKey[]) {
  const text = path.reduce<string>((out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), "");
  return text || "(root)";
}

/** Every problem of `error`, each naming its path (prefixed with `prefix` when given). */
export function listZodProblems({ error, prefix }: { error: z.ZodError; prefix?: string }) {
  return error.issues.map((issue) => `${formatZodPath([...(prefix ? [prefix] : []), ...issue.path])}: ${issue.message}`);
}

/** All problems on one line, for logs, job failures and rejections. */
export const describeZodError = (error: z.ZodError) => listZodProblems({ error }).join("; ");
