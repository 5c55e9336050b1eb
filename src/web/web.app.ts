/**
 * The HTTP surface of `killboard serve`: HTML pages at zKillboard's paths, the JSON API under /api, static
 * assets, health probes. One onError turns every failure into an HTML page or JSON carrying the request id.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { createApiRoutes } from "../api/api.routes.ts";
import { createZkbApiRoutes } from "../api/zkb.routes.ts";
import { createEntityRoutes } from "../entities/entity.routes.ts";
import { createKillmailRoutes } from "../killmails/killmail.routes.ts";
import { createSearchRoutes } from "../search/search.routes.ts";
import { createStatsRoutes } from "../stats/stats.routes.ts";
import { createHealthRoutes } from "./health.routes.ts";
import { createHomeRoutes } from "../stats/home.routes.ts";
import { createMicrocache } from "./web.cache.ts";
import type { WebDeps } from "./web.deps.ts";
import { handleError, handleNotFound } from "./web.onerror.ts";
import { createRateLimit } from "./web.ratelimit.ts";
import { createStaticRoutes } from "./web.static.ts";

const NO_SLASH_PREFIXES = ["/api/", "/static/", "/health", "/ready"];

/**
 * Where a GET that matched no route belongs, or null for a plain 404. Runs of `/` and `\` collapse to one `/`
 * because a Location starting `//` (browsers read `/\` the same way) is protocol-relative: `//evil.com/` is off-site.
 */
function findCanonicalPath({ pathname }: { pathname: string }) {
  const collapsed = pathname.replace(/[/\\]+/g, "/");
  if (NO_SLASH_PREFIXES.some((prefix) => collapsed.startsWith(prefix))) return null;
  const canonical = collapsed.endsWith("/") ? collapsed : `${collapsed}/`;
  return canonical === pathname ? null : canonical;
}

export function createWebApp({ deps }: { deps: WebDeps }) {
  const app = new Hono();
  app.use(requestId());
  // Defence in depth behind Eta's escaping: even an injected <script> could not run or phone home.
  app.use(secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], connectSrc: ["'self'"],
      imgSrc: ["'self'", "data:", "https://images.evetech.net"], objectSrc: ["'none'"], baseUri: ["'none'"], frameAncestors: ["'none'"],
    },
    crossOriginResourcePolicy: false, // the API is meant to be read from other origins (CORS)
  }));
  app.use("/api/*", createRateLimit(deps.rateLimit));
  app.use("/api/*", cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"] }));
  app.use(createMicrocache({ refetch: (request) => Promise.resolve(app.fetch(request)) }));

  app.route("/", createHealthRoutes({ deps }));
  app.route("/static", createStaticRoutes({ assets: deps.assets }));
  app.route("/api/v1", createApiRoutes({ deps }));
  app.route("/api", createZkbApiRoutes({ deps }));
  app.route("/", createHomeRoutes({ deps }));
  app.route("/", createKillmailRoutes({ deps }));
  app.route("/", createEntityRoutes({ deps }));
  app.route("/", createSearchRoutes({ deps }));
  app.route("/", createStatsRoutes({ deps }));

  app.notFound((c) => {
    // zKillboard's page URLs end in a slash; links pasted without it still land on the page.
    const { pathname, search } = new URL(c.req.url);
    const canonical = c.req.method === "GET" ? findCanonicalPath({ pathname }) : null;
    if (canonical) return c.redirect(`${canonical}${search}`, 301);
    return handleNotFound({ c, deps });
  });
  app.onError((error, c) => handleError({ error, c, deps }));
  return app;
}
