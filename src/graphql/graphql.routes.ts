/**
 * `/graphql` on serve: Yoga answers GET, POST and OPTIONS (GraphiQL for a browser, SSE subscriptions for
 * `Accept: text/event-stream`); the schema as SDL at /graphql/schema.graphql. Mounted ahead of the microcache,
 * which would otherwise hold a subscription's stream until it ended.
 */
import { Hono } from "hono";
import { GRAPHQL_PATH, type GraphqlServer } from "./graphql.server.ts";

export function createGraphqlRoutes({ graphql }: { graphql: GraphqlServer }) {
  return new Hono()
    .get(`${GRAPHQL_PATH}/schema.graphql`, (c) =>
      c.body(graphql.schemaText, 200, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600", "Access-Control-Allow-Origin": "*" }))
    .on(["GET", "POST", "OPTIONS"], GRAPHQL_PATH, (c) => graphql.yoga.fetch(c.req.raw));
}
