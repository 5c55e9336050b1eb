/**
 * The GraphQL server: graphql-yoga over the SDL schema, with graphql-armor's depth, cost, alias, directive and
 * token limits, and one error policy: every error carries `extensions.code`; a bad argument is BAD_USER_INPUT, a
 * limit names itself, anything unexpected is logged with its stack and answered as INTERNAL_SERVER_ERROR with no
 * detail. Yoga answers queries and mutations over GET and POST, subscriptions over SSE (Accept: text/event-stream);
 * graphql.ws.ts adds graphql-ws on the same path. Introspection stays on: tool authors read the schema.
 */
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { GraphQLError, printSchema } from "graphql";
import { createSchema, createYoga } from "graphql-yoga";
import { AppError } from "../app/errors.ts";
import { createGraphqlContext, type GraphqlContext, type GraphqlDeps } from "./graphql.context.ts";
import { entityResolvers } from "./graphql.entity.resolvers.ts";
import { killmailResolvers } from "./graphql.killmail.resolvers.ts";
import { queryResolvers } from "./graphql.query.resolvers.ts";
import { typeDefs } from "./graphql.schema.ts";
import { subscriptionResolvers } from "./graphql.subscription.ts";

export const GRAPHQL_PATH = "/graphql";
/**
 * Depth: enough for killmails → edges → node → attackers → character → corporation → alliance → executor → name.
 * Cost is armor's static estimate (each field costs more the deeper it sits; list sizes are unknown to it): a full
 * 50-kill page with parties, places and items scores about 42,000, so the bound leaves room for views about five
 * times as wide while a query fanning out at every level is refused before it runs.
 */
export const GRAPHQL_LIMITS = { maxDepth: 12, maxCost: 250_000, maxAliases: 20, maxDirectives: 20, maxTokens: 5_000 } as const;

/** Tags an armor rejection with a code of its own; the error stays the one armor made. */
const tagged = (code: string) => [(_: unknown, error: GraphQLError) => void Object.assign(error.extensions, { code })];

const withCode = ({ error, code }: { error: GraphQLError; code: string }) =>
  (error.extensions?.code ? error : new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError: error.originalError, extensions: { ...error.extensions, code } }));


export function createGraphqlServer({ deps }: { deps: GraphqlDeps }) {
  const schema = createSchema<GraphqlContext>({
    typeDefs,
    resolvers: [queryResolvers, subscriptionResolvers, killmailResolvers, entityResolvers],
  });

  /**
   * Ours (coded) pass; a request's own fault before execution (no path) is BAD_REQUEST; an uncoded error while
   * executing (a value that does not serialize, a failed query) is the server's: logged, and answered without detail.
   */
  function maskError(error: unknown, message: string) {
    const graphqlError = error instanceof GraphQLError ? error : null;
    const original = graphqlError ? graphqlError.originalError : error;
    const located = { nodes: graphqlError?.nodes, path: graphqlError?.path };
    if (graphqlError && (original instanceof GraphQLError ? original.extensions?.code : !original)) return graphqlError;
    if (graphqlError && !graphqlError.path && (!original || original instanceof GraphQLError)) return withCode({ error: graphqlError, code: "BAD_REQUEST" });
    if (original instanceof AppError && original.status < 500) {
      return new GraphQLError(original.message, { ...located, extensions: { code: original.status === 429 ? "RATE_LIMITED" : "BAD_USER_INPUT" } });
    }
    deps.logger.error("graphql: unexpected error", original instanceof Error ? (original.stack ?? original.message) : original);
    return new GraphQLError(message, { ...located, extensions: { code: "INTERNAL_SERVER_ERROR" } });
  }

  const yoga = createYoga<{}, GraphqlContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    context: () => createGraphqlContext({ deps }),
    maskedErrors: { maskError, errorMessage: "Unexpected error." },
    // As the REST API: any origin, no credentials (there is nothing a cookie would unlock).
    cors: { origin: "*", credentials: false },
    landingPage: false,
    graphiql: { title: "killboard GraphQL", subscriptionsProtocol: "WS" },
    // The bundled GraphiQL (no CDN: a board may run offline), loaded on the first browser visit only: it is 9 MB.
    renderGraphiQL: async (options) => (await import("@graphql-yoga/render-graphiql")).renderGraphiQL(options),
    logging: { debug: () => {}, info: () => {}, warn: (...args) => deps.logger.warn("graphql:", ...args), error: (...args) => deps.logger.error("graphql:", ...args) },
    plugins: [
      EnvelopArmorPlugin({
        blockFieldSuggestion: { enabled: false },
        maxDepth: { n: GRAPHQL_LIMITS.maxDepth, onReject: tagged("QUERY_TOO_DEEP") },
        costLimit: { maxCost: GRAPHQL_LIMITS.maxCost, onReject: tagged("QUERY_TOO_COSTLY") },
        maxAliases: { n: GRAPHQL_LIMITS.maxAliases, onReject: tagged("TOO_MANY_ALIASES") },
        maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives, onReject: tagged("TOO_MANY_DIRECTIVES") },
        maxTokens: { n: GRAPHQL_LIMITS.maxTokens, onReject: tagged("TOO_MANY_TOKENS") },
      }),
    ],
  });
  return { yoga, schemaText: printSchema(schema.valueOf() as Parameters<typeof printSchema>[0]) };
}
export type GraphqlServer = ReturnType<typeof createGraphqlServer>;
