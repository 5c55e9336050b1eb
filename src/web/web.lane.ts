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
type Hit = { tag: LaneTag | undefined; respond: () => Response };

const REQUEST_ID_HEADER = "X-Request-Id";
/** hono/request-id's rule: a client's id is kept when it is short and plain, else one is made. */
export function pickRequestId({ given }: { given: string | null }) {
  return given && given.length <= 255 && !/[^\w\-=]/.test(given) ? given : crypto.randomUUID();
}

function answerHit({ hit, tag, request, server, metrics }: { hit: Hit; tag: LaneTag; request: Request; server: unknown; metrics?: Pick<HttpMetrics, "observe"> }) {
  const started = performance.now();
  const charged = [];
  for (const limit of tag.limits) {
    const charge = limit.charge({ request, server });
    if (!charge.allowed) return undefined;
    charged.push({ limit, charge });
  }
  const response = hit.respond();
  response.headers.set(REQUEST_ID_HEADER, pickRequestId({ given: request.headers.get(REQUEST_ID_HEADER) }));
  for (const { limit, charge } of charged) limit.describe({ headers: response.headers, charged: charge });
  metrics?.observe({ method: request.method, route: tag.route, status: response.status, started });
  return response;
}

/** A hit, or undefined for Hono to answer: no hit, a refused client, or a failure (Hono's onError then logs it and answers). */
function tryHit({ hit, request, server, metrics }: { hit: (args: { request: Request }) => Hit | undefined; request: Request; server: unknown; metrics?: Pick<HttpMetrics, "observe"> }) {
  try {
    const found = hit({ request });
    return found?.tag && answerHit({ hit: found, tag: found.tag, request, server, metrics });
  } catch {
    return undefined;
  }
}

/** Makes `app.fetch` (and so `app.request`) answer cache hits first; everything else goes through Hono as before. */
export function answerHitsFirst({ app, hit, metrics }: { app: Hono; hit: (args: { request: Request }) => Hit | undefined; metrics?: Pick<HttpMetrics, "observe"> }) {
  const routed = app.fetch;
  // app.request() calls this.fetch too, so tests through it take the same lane.
  app.fetch = (request, server, context) => tryHit({ hit, request, server, metrics }) ?? routed(request, server, context);
  return app;
}
