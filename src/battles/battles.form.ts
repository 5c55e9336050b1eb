/** The save-report form: every field a string, checked by the same zod schema style as the API (a 400 naming the field). */
import type { Context } from "hono";
import type { z } from "zod";
import { createBadParameterError } from "../present/present.errors.ts";

export async function readReportForm<S extends z.ZodType>({ c, schema }: { c: Context; schema: S }): Promise<z.infer<S>> {
  const body = await c.req.parseBody();
  const fields = Object.fromEntries(Object.entries(body).map(([key, value]) => [key, typeof value === "string" ? value : ""]));
  return parseOrBadParameter({ schema, input: fields });
}

export function parseOrBadParameter<S extends z.ZodType>({ schema, input }: { schema: S; input: unknown }): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const parameter = issue.code === "unrecognized_keys" ? issue.keys[0] ?? "?" : String(issue.path[0] ?? "?");
  throw createBadParameterError({ parameter, problem: issue.code === "unrecognized_keys" ? "unknown field" : issue.message });
}
