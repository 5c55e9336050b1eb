/**
 * Microcache hits answered before Hono routes the request. A hit still gets what the app's middleware gives one:
 * its own request id, the rate limits its page's fill passed (charged the same; a refused client goes on to Hono,
 * which answers the 429), and a latency sample under the route that filled it. What it skips is the router and the
 * middleware chain: on a cached API list they were a third of the serving CPU (bench/README.md, fifth pass).
 */
import type { Hono } from "hono";
import type { HttpMetrics } from "../metrics/metrics.http.ts";
import type { RateLimit } from "./web.ratelimit.ts";

/** What the app notes about a request when its response fills the cache. */
export type LaneTag = { route: string; limits: RateLimit[] };
type Hit = { tag: LaneTag; respond: () => Response };

const REQUEST_ID_HEADER = "X-Request-Id";
/** hono/request-id's rule: a client's id is kept when it is short and plain, else one is made. */
export function pickRequestId(given: string | null) {
  return given && given.length <= 255 && !/[^\w\-=]/.test(given) ? given : crypto.randomUUID();
}

function answerHit({ hit, request, server, metrics }: { hit: Hit; request: Request; server: unknown; metrics?: Pick<HttpMetrics, "observe"> }) {
  const started = performance.now();
  const charged = [];
  for (const limit of hit.tag.limits) {
    const charge = limit.charge({ request, server });
    if (!charge.allowed) return undefined;
    charged.push({ limit, charge });
  }
  const response = hit.respond();
  response.headers.set(REQUEST_ID_HEADER, pickRequestId(request.headers.get(REQUEST_ID_HEADER)));
  for (const { limit, charge } of charged) limit.describe(response.headers, charge);
  metrics?.observe({ method: request.method, route: hit.tag.route, status: response.status, started });
  return response;
}

/** Makes `app.fetch` (and so `app.request`) answer cache hits first; everything else goes through Hono as before. */
export function answerHitsFirst({ app, hit, metrics }: { app: Hono; hit: (request: Request) => Hit | undefined; metrics?: Pick<HttpMetrics, "observe"> }) {
  const routed = app.fetch;
  app.fetch = (request, server, context) => {
    const found = hit(request);
    return (found && answerHit({ hit: found, request, server, metrics })) || routed(request, server, context);
  };
  return app;
}
