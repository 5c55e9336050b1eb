/**
 * The security headers of every response (defence in depth behind Eta's escaping: even an injected <script>
 * could not run or phone home). A policy varies with the path (bull-board, GraphiQL) and the live socket's host,
 * so there are a handful of distinct header sets. hono's secureHeaders given callbacks rebuilt the whole policy on
 * every request; here each distinct set is one secureHeaders built once.
 */
import type { Context, MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { ADMIN_QUEUES_PATH } from "../admin/admin.queues.ts";
import { GRAPHQL_PATH } from "../graphql/graphql.server.ts";
import type { LivePageSettings } from "../present/present.deps.ts";
import { liveConnectSource } from "./web.live.ts";

/** Host headers are the client's to choose: past this many policies, one is built per request, not kept. */
const MAX_KEPT_POLICIES = 32;

type Policy = { baseUri: string; graphiql: boolean; connectSrc: string[] };

/** bull-board's page sets `<base href>` and its assets are relative to it; only there may a base be set. */
const baseUriFor = (c: Context) => (c.req.path.startsWith(ADMIN_QUEUES_PATH) ? "'self'" : "'none'");
/** GraphiQL (the bundled one, no CDN) is one page of inline script that starts its editor's workers from blobs: only there. */
const isGraphiql = (c: Context) => c.req.path === GRAPHQL_PATH && c.req.method === "GET";

function buildSecureHeaders({ baseUri, graphiql, connectSrc }: Policy) {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"], scriptSrc: ["'self'", ...(graphiql ? ["'unsafe-inline'"] : [])], workerSrc: ["'self'", ...(graphiql ? ["blob:"] : [])], styleSrc: ["'self'", "'unsafe-inline'"],
      connectSrc: ["'self'", ...connectSrc], imgSrc: ["'self'", "data:"], objectSrc: ["'none'"], baseUri: [baseUri], frameAncestors: ["'none'"],
    },
    crossOriginResourcePolicy: false, // the API is meant to be read from other origins (CORS)
  });
}

export function createSecurityHeaders({ live }: { live?: LivePageSettings }): MiddlewareHandler {
  const connectOf = live ? liveConnectSource({ live }) : undefined;
  const kept = new Map<string, MiddlewareHandler>();
  return (c, next) => {
    const policy: Policy = { baseUri: baseUriFor(c), graphiql: isGraphiql(c), connectSrc: connectOf ? [connectOf(c)] : [] };
    const key = `${policy.baseUri} ${policy.graphiql} ${policy.connectSrc.join(" ")}`;
    let middleware = kept.get(key);
    if (!middleware) {
      middleware = buildSecureHeaders(policy);
      if (kept.size < MAX_KEPT_POLICIES) kept.set(key, middleware);
    }
    return middleware(c, next);
  };
}
