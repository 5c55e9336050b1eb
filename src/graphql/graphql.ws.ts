/**
 * GraphQL over WebSocket (the graphql-transport-ws protocol of graphql-ws) on serve's port at /graphql: each
 * operation runs through the same Yoga envelope as HTTP (armor's limits, error codes, a fresh context), as
 * Yoga's documentation does it for graphql-ws. Bun closes a socket whose unread frames pass the bound, so a
 * subscriber that stops reading cannot grow the server's memory.
 */
import type { Server } from "bun";
import { GraphQLError, type ExecutionArgs } from "graphql";
import { handleProtocols, makeHandler } from "graphql-ws/use/bun";
import { GRAPHQL_PATH, type GraphqlServer } from "./graphql.server.ts";

const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const IDLE_TIMEOUT_S = 60;

type Enveloped = Pick<ReturnType<GraphqlServer["yoga"]["getEnveloped"]>, "execute" | "subscribe">;
type Args = ExecutionArgs & { rootValue: Enveloped };

export function createGraphqlWebSocket({ graphql }: { graphql: GraphqlServer }) {
  const handler = makeHandler({
    execute: (args) => (args as Args).rootValue.execute(args),
    subscribe: (args) => (args as Args).rootValue.subscribe(args),
    async onSubscribe(context, _id, params) {
      const { schema, execute, subscribe, contextFactory, parse, validate } = graphql.yoga.getEnveloped({ ...context, params });
      let document;
      try {
        document = parse(params.query);
      } catch (error) {
        return [error instanceof GraphQLError ? error : new GraphQLError(String(error), { extensions: { code: "GRAPHQL_PARSE_FAILED" } })];
      }
      const errors = validate(schema, document);
      if (errors.length) return errors;
      return { schema, document, operationName: params.operationName, variableValues: params.variables, contextValue: await contextFactory(), rootValue: { execute, subscribe } };
    },
  });
  return {
    websocket: { ...handler, backpressureLimit: MAX_BUFFERED_BYTES, closeOnBackpressureLimit: true, idleTimeout: IDLE_TIMEOUT_S, sendPings: true },
    /** Upgrades a graphql-ws handshake on /graphql; false for every other request (HTTP goes on to the app). */
    upgrade({ request, server }: { request: Request; server: Server<unknown> }) {
      if (request.headers.get("upgrade")?.toLowerCase() !== "websocket" || new URL(request.url).pathname !== GRAPHQL_PATH) return false;
      const protocol = handleProtocols(request.headers.get("sec-websocket-protocol") ?? "");
      if (!protocol) return false;
      return server.upgrade(request, { data: undefined, headers: { "Sec-WebSocket-Protocol": protocol } });
    },
  };
}
export type GraphqlWebSocket = ReturnType<typeof createGraphqlWebSocket>;
