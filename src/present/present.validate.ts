import type { Context } from "hono";
import type { z } from "zod";
import { createBadParameterError } from "./present.errors.ts";

/** The first problem, named by its parameter: the client sees exactly what to fix. */
function toBadParameter(error: z.ZodError) {
  const issue = error.issues[0]!;
  const parameter = issue.code === "unrecognized_keys" ? issue.keys[0] ?? "?" : String(issue.path[0] ?? "?");
  const problem = issue.code === "unrecognized_keys" ? "unknown parameter" : issue.message;
  return createBadParameterError({ parameter, problem });
}

/** Query strings: repeatable parameters become arrays, any other parameter given twice is refused. */
export function readQuery<S extends z.ZodType>({ c, schema, arrays = [] }: { c: Context; schema: S; arrays?: string[] }): z.infer<S> {
  const input: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(c.req.queries())) {
    if (arrays.includes(key)) input[key] = values;
    else if (values.length > 1) throw createBadParameterError({ parameter: key, problem: "given more than once" });
    else input[key] = values[0];
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw toBadParameter(parsed.error);
  return parsed.data;
}

export function readParams<S extends z.ZodType>({ c, schema }: { c: Context; schema: S }): z.infer<S> {
  const parsed = schema.safeParse(c.req.param());
  if (!parsed.success) throw toBadParameter(parsed.error);
  return parsed.data;
}
