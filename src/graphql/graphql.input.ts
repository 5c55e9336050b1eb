/**
 * GraphQL arguments through the REST API's own zod schemas, so `killmails(filter:)` and `killmailAdded(filter:)`
 * accept and refuse exactly what /api/v1/killmails and /api/v1/stream do. A refusal is a GraphQL error with code
 * BAD_USER_INPUT naming each argument at fault (`filter.entityId: …`, `first: …`).
 */
import { GraphQLError } from "graphql";
import type { z } from "zod";
import { toMatchFilter } from "../api/api.filter.ts";
import { killmailListQuery } from "../api/api.schemas.ts";
import { formatZodPath, listZodProblems } from "../app/zod.ts";
import { streamQuery } from "../feeds/feeds.schemas.ts";
import { decodeCursor, type KillmailFilter } from "../killmails/killmail.queries.ts";
import { toLiveFilter } from "../live/live.filter.ts";

export const userInputError = ({ problems }: { problems: string[] }) =>
  new GraphQLError(problems.join("; "), { extensions: { code: "BAD_USER_INPUT", problems } });

/** The REST names of the page arguments, back to their GraphQL names; every other key is a filter field. */
const ARGUMENT_NAMES: Record<string, string> = { limit: "first", cursor: "after", after: "after" };

function problemsOf(error: z.ZodError) {
  return error.issues.map((issue) => {
    const [head, ...rest] = issue.path;
    const path = typeof head === "string" && ARGUMENT_NAMES[head] ? [ARGUMENT_NAMES[head], ...rest] : ["filter", ...issue.path];
    const keys = issue.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")})` : "";
    return `${formatZodPath(path)}: ${issue.message}${keys}`;
  });
}

/** GraphQL passes an explicit null for a field the client set to null: the REST schemas treat it as absent. */
const withoutNulls = (input: Record<string, unknown> | null | undefined) =>
  Object.fromEntries(Object.entries(input ?? {}).filter(([, value]) => value !== null && value !== undefined));

export type FilterInput = Record<string, unknown> | null | undefined;

/** Plain arguments (search, top) through their REST schema; a refusal names each at fault. */
export function readArguments<S extends z.ZodType>({ schema, input }: { schema: S; input: Record<string, unknown> }): z.infer<S> {
  const parsed = schema.safeParse(withoutNulls(input));
  if (!parsed.success) throw userInputError({ problems: listZodProblems({ error: parsed.error }) });
  return parsed.data;
}

/** A list page: the filter, `first` (1–200) and `after` (a cursor of this API); one row past the page is read for hasNextPage. */
export function readListArguments({ filter, first, after }: { filter: FilterInput; first: number; after?: string | null }) {
  const parsed = killmailListQuery.safeParse({ ...withoutNulls(filter), limit: first, ...(after == null ? {} : { cursor: after }) });
  if (!parsed.success) throw userInputError({ problems: problemsOf(parsed.error) });
  const query = parsed.data;
  const cursor = query.cursor === undefined ? undefined : decodeCursor({ text: query.cursor });
  if (cursor === null) throw userInputError({ problems: ["after: not a cursor from this API"] });
  const listFilter: KillmailFilter = { ...toMatchFilter(query), since: query.since, until: query.until, cursor, limit: query.limit + 1 };
  return { filter: listFilter, first: query.limit };
}

/** A subscription's filter (no time range) and where it resumes. */
export function readStreamArguments({ filter, after }: { filter: FilterInput; after?: number | null }) {
  const parsed = streamQuery.safeParse({ ...withoutNulls(filter), ...(after == null ? {} : { after }) });
  if (!parsed.success) throw userInputError({ problems: problemsOf(parsed.error) });
  return { filter: toLiveFilter(parsed.data), after: parsed.data.after };
}
