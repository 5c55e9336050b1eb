/**
 * GraphQL over WebSocket (the graphql-transport-ws protocol of graphql-ws) on serve's port at /graphql: each
 * operation runs through the same Yoga envelope as HTTP (armor's limits, error codes, a fresh context), as
 * Yoga's documentation does it for graphql-ws. The upgrade bypasses the HTTP middleware, so the socket carries its
 * own guards: a per-address connection cap, each operation paid for from a per-address token bucket like the
 * API's, a bound on the operations one socket runs at once and on a message's size, and Bun closing a socket whose
 * unread frames pass the bound, so a subscriber that stops reading cannot grow the server's memory.
 */
import type { Server, ServerWebSocket } from "bun";
import { GraphQLError, type ExecutionArgs } from "graphql";
import { handleProtocols, makeHandler } from "graphql-ws/use/bun";
import { clientAddress, createAddressCap } from "../app/address-cap.ts";
import { createTokenBuckets, type RateLimitOptions } from "../app/ratelimit.ts";
import { GRAPHQL_PATH, type GraphqlServer } from "./graphql.server.ts";

const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const MAX_MESSAGE_BYTES = 64 * 1024;
const MAX_OPERATIONS_PER_SOCKET = 25;
const IDLE_TIMEOUT_S = 60;

type Enveloped = Pick<ReturnType<GraphqlServer["yoga"]["getEnveloped"]>, "execute" | "subscribe">;
type Args = ExecutionArgs & { rootValue: Enveloped };
type SocketData = { ip: string };

const refusal = ({ message, code }: { message: string; code: string }) => [new GraphQLError(message, { extensions: { code } })];

export function createGraphqlWebSocket({ graphql, rateLimit, maxConnectionsPerIp }: {
  graphql: GraphqlServer; rateLimit: RateLimitOptions; maxConnectionsPerIp: number;
}) {
  const buckets = createTokenBuckets(rateLimit);
  const cap = createAddressCap({ max: maxConnectionsPerIp });
  const handler = makeHandler({
    execute: (args) => (args as Args).rootValue.execute(args),
    subscribe: (args) => (args as Args).rootValue.subscribe(args),
    async onSubscribe(context, _id, params) {
      const { ip } = (context.extra.socket as unknown as ServerWebSocket<SocketData>).data;
      const taken = buckets.take({ key: ip });
      if (!taken.allowed) return refusal({ message: `Too many requests; retry in ${taken.retryAfterSeconds} s`, code: "RATE_LIMITED" });
      if (Object.keys(context.subscriptions).length >= MAX_OPERATIONS_PER_SOCKET) {
        return refusal({ message: `at most ${MAX_OPERATIONS_PER_SOCKET} operations at once on one socket`, code: "TOO_MANY_OPERATIONS" });
      }
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
    websocket: {
      ...handler,
      close(socket: ServerWebSocket<SocketData>, code: number, reason: string) {
        cap.release({ address: socket.data.ip });
        return handler.close?.(socket as ServerWebSocket<never>, code, reason);
      },
      maxPayloadLength: MAX_MESSAGE_BYTES, backpressureLimit: MAX_BUFFERED_BYTES, closeOnBackpressureLimit: true, idleTimeout: IDLE_TIMEOUT_S, sendPings: true,
    },
    /** Upgrades a graphql-ws handshake on /graphql; a Response refuses one; undefined lets HTTP go on to the app. */
    upgrade({ request, server }: { request: Request; server: Server<unknown> }): { upgraded: boolean; refused?: Response } {
      // The path first: it is a string test, while reading a header builds the request's Headers, on every HTTP request.
      if (!request.url.includes(GRAPHQL_PATH) || new URL(request.url).pathname !== GRAPHQL_PATH
        || request.headers.get("upgrade")?.toLowerCase() !== "websocket") return { upgraded: false };
      const protocol = handleProtocols(request.headers.get("sec-websocket-protocol") ?? "");
      if (!protocol) return { upgraded: false, refused: Response.json({ error: "GraphQL over WebSocket speaks graphql-transport-ws" }, { status: 400 }) };
      const ip = clientAddress({ request, server, trustProxyHeader: rateLimit.trustProxyHeader ?? false });
      if (!cap.take({ address: ip })) return { upgraded: false, refused: Response.json({ error: `at most ${maxConnectionsPerIp} connections per address` }, { status: 429 }) };
      if (server.upgrade(request, { data: { ip }, headers: { "Sec-WebSocket-Protocol": protocol } })) return { upgraded: true };
      cap.release({ address: ip });
      return { upgraded: false, refused: Response.json({ error: "WebSocket upgrade failed" }, { status: 400 }) };
    },
  };
}
export type GraphqlWebSocket = ReturnType<typeof createGraphqlWebSocket>;
