/** The root query: the REST API's reads, validated by the same zod schemas, answered through the loaders. */
import { GraphQLScalarType, Kind } from "graphql";
import { searchQuery, topQuery } from "../api/api.schemas.ts";
import { WEEK_MS } from "../app/time.ts";
import { createKillmailReadRepository } from "../killmails/killmail.read.repository.ts";
import { createTopRanking } from "../stats/stats.board.usecases.ts";
import { resolveTopNames } from "../stats/stats.usecases.ts";
import { isPlayerKind } from "../vocabulary/entity-kinds.ts";
import type { GraphqlContext } from "./graphql.context.ts";
import { findEntity } from "./graphql.entity.resolvers.ts";
import { readArguments, userInputError, type FilterInput } from "./graphql.input.ts";
import { listKillmailConnection } from "./graphql.killmail.resolvers.ts";
import { nodeFromApiRow } from "./graphql.models.ts";

/** ISO 8601 out; in, any time zod's API schema accepts (it validates the range). */
export const DateTimeScalar = new GraphQLScalarType({
  name: "DateTime",
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => {
    if (typeof value !== "string") throw userInputError({ problems: ["DateTime: must be an ISO 8601 string"] });
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw userInputError({ problems: ["DateTime: must be an ISO 8601 string"] });
    return ast.value;
  },
});

const lookup = (kind: Parameters<typeof findEntity>[0]["kind"]) =>
  (_: unknown, { id }: { id: number }, context: GraphqlContext) => findEntity({ context, kind, id });

export const queryResolvers = {
  DateTime: DateTimeScalar,
  Query: {
    async killmail(_: unknown, { id }: { id: number }, context: GraphqlContext) {
      if (id < 1) return null;
      const [row] = await createKillmailReadRepository({ sql: context.deps.sql }).listKillmailsForApi({ filter: { killmailId: id, limit: 1 } });
      return row ? nodeFromApiRow(row) : null;
    },
    killmails: (_: unknown, args: { filter?: FilterInput; first: number; after?: string | null }, context: GraphqlContext) =>
      listKillmailConnection({ context, ...args }),
    character: lookup("character"), corporation: lookup("corporation"), alliance: lookup("alliance"), faction: lookup("faction"),
    shipType: lookup("ship"), group: lookup("group"), system: lookup("system"), constellation: lookup("constellation"),
    region: lookup("region"), item: lookup("item"),
    async search(_: unknown, args: { q: string; kind?: string | null; limit: number }, { deps }: GraphqlContext) {
      const query = readArguments({ schema: searchQuery, input: args });
      const results = await deps.search.search({ term: query.q, limit: query.kind ? 50 : query.limit });
      return (query.kind ? results.filter((result) => result.kind === query.kind) : results).slice(0, query.limit);
    },
    async top(_: unknown, args: Record<string, unknown>, { deps }: GraphqlContext) {
      const query = readArguments({ schema: topQuery, input: args });
      const since = query.period === "week" ? new Date(deps.now().getTime() - WEEK_MS) : undefined;
      const rows = await createTopRanking({ sql: deps.sql, board: deps.board })({ kind: query.kind, metric: query.metric, since, limit: query.limit });
      const names = await resolveTopNames({ sql: deps.sql, universe: deps.universe, lists: [{ kind: query.kind, rows }] });
      const nameOf = (id: number) => (isPlayerKind(query.kind) ? names.name(query.kind, id) : query.kind === "ship" ? deps.universe.typeName(id) : deps.universe.systemName(id));
      return rows.map((row) => ({ kind: query.kind, id: row.id, name: nameOf(row.id), score: row.score }));
    },
  },
};
