/**
 * The HTTP surface of `killboard serve`: HTML pages at zKillboard's paths, the JSON API under /api, static
 * assets, health probes. One onError turns every failure into an HTML page or JSON carrying the request id.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { createApiRoutes } from "../api/api.routes.ts";
import { createZkbApiRoutes } from "../api/zkb.routes.ts";
import { createEntityRoutes } from "../entities/entity.routes.ts";
import { createEntityDailyRoutes } from "../entities/entity.daily.routes.ts";
import { createKillmailRoutes } from "../killmails/killmail.routes.ts";
import { createPriceRoutes } from "../prices/prices.routes.ts";
import { createItemRoutes } from "../items/items.routes.ts";
import { createSearchRoutes } from "../search/search.routes.ts";
import { createStatsRoutes } from "../stats/stats.routes.ts";
import { createHealthRoutes } from "./health.routes.ts";
import { createHomeRoutes } from "../stats/home.routes.ts";
import { createMicrocache } from "./web.cache.ts";
import type { WebDeps } from "./web.deps.ts";
import { handleError, handleNotFound } from "./web.onerror.ts";
import { createRateLimit, limitsPassed } from "./web.ratelimit.ts";
import { answerHitsFirst, type LaneTag } from "./web.lane.ts";
import { findRoute } from "../metrics/metrics.http.ts";
import { createStaticRoutes } from "./web.static.ts";
import { ADMIN_FAILURE_LIMIT, ADMIN_RATE_LIMIT, type AdminDeps } from "../admin/admin.deps.ts";
import { createAdminRoutes } from "../admin/admin.routes.ts";
import type { Metrics } from "../metrics/metrics.registry.ts";
import { createMetricsRoutes } from "./metrics.routes.ts";
import { createLiveRoutes } from "../live/live.routes.ts";
import { createSecurityHeaders } from "./web.headers.ts";
import type { FeedsDeps } from "../feeds/feeds.deps.ts";
import { createFeedPullRoutes } from "../feeds/feeds.pull.routes.ts";
import { createFeedStreamRoutes } from "../feeds/feeds.stream.routes.ts";
import { FEED_PREFIXES, FEED_STREAM_PATHS, feedRoutePatterns } from "../feeds/feeds.paths.ts";
import { createGraphqlRoutes } from "../graphql/graphql.routes.ts";
import { createImageRoutes, IMAGE_ROUTE_PREFIX } from "../images/images.routes.ts";
import { numberedPagePath } from "../present/present.paging.ts";
import { createGraphqlServer, GRAPHQL_PATH, type GraphqlServer } from "../graphql/graphql.server.ts";
import { createAccountRoutes, type AccountsWebDeps } from "../accounts/accounts.routes.ts";
import { createPostingRoutes, type PostingWebDeps } from "../posting/posting.routes.ts";
import { createCampaignRoutes } from "../campaigns/campaigns.routes.ts";
import { createBattleApiRoutes } from "../battles/battles.api.routes.ts";
import { createBattleRoutes } from "../battles/battles.routes.ts";

// /admin never redirects: without ADMIN_TOKEN every admin address is a plain 404.
const NO_SLASH_PREFIXES = ["/api/", "/static/", "/health", "/ready", "/metrics", "/admin", "/auth/", GRAPHQL_PATH, `${IMAGE_ROUTE_PREFIX}/`, ...FEED_PREFIXES];
/** The pull feeds (feeds/*.routes.ts) share the API's budget. */
const FEED_PATHS = feedRoutePatterns();
/**
 * What the microcache never holds: streams and long polls never end in time to be buffered whole; GraphQL answers
 * per query body; images are cached in PostgreSQL already (the microcache would hold their bytes twice); /metrics is live.
 */
const UNCACHED_EXACT = new Set<string>([...Object.values(FEED_STREAM_PATHS), GRAPHQL_PATH, "/metrics"]);
const UNCACHED_PREFIXES = [`${GRAPHQL_PATH}/`, `${IMAGE_ROUTE_PREFIX}/`];
const isUncachedPath = (path: string) => UNCACHED_EXACT.has(path) || UNCACHED_PREFIXES.some((prefix) => path.startsWith(prefix));

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

/**
 * `admin` only when ADMIN_TOKEN is set: otherwise no /admin route exists at all. `metrics`: latency by route, /metrics.
 * `feeds`: the live stream and the pull feeds (serve builds them; without them those paths are 404s, and GraphQL
 * subscriptions answer an error). `graphql`: serve passes the one its WebSocket upgrade shares; otherwise one is made.
 */
export function createWebApp({ deps, admin, metrics, feeds, accounts, graphql = createGraphqlServer({ deps: { ...deps, feeds } }) }: {
  deps: WebDeps; admin?: AdminDeps; metrics?: Pick<Metrics, "registry" | "http">; feeds?: FeedsDeps; graphql?: GraphqlServer;
  /** Login, the account page and /post/ (serve builds them; they need the queue and ESI). */
  accounts?: { account: AccountsWebDeps; posting: PostingWebDeps };
}) {
  const app = new Hono();
  app.use(requestId());
  if (metrics) app.use(metrics.http.middleware);
  // Per-client limits apply to hits too. Each entry notes its route and the limits it passed, so most hits are
  // answered before Hono routes them (answerHitsFirst, below).
  const microcache = createMicrocache<LaneTag>({ refetch: (request) => Promise.resolve(app.fetch(request)), skip: isUncachedPath,
    tagOf: (c) => ({ route: findRoute({ c }), limits: limitsPassed({ c }) }) });
  const apiRateLimit = createRateLimit({ ...deps.rateLimit, exempt: microcache.isRefresh });
  app.use("/api/*", apiRateLimit);
  for (const path of FEED_PATHS) app.use(path, apiRateLimit);
  app.use(GRAPHQL_PATH, apiRateLimit);
  // Each post asks ESI and each login writes a row: both share the API's per-client budget (as does saving a battle report).
  for (const path of ["/post/", "/login/", "/auth/*", "/br/"]) app.use(path, apiRateLimit);
  app.use(`${GRAPHQL_PATH}/*`, apiRateLimit);
  // Before the security headers and CORS: an entry keeps the headers they set, so a hit copies them instead of
  // setting a dozen headers one by one (with web.headers.ts, a cached page's serve CPU went 60 → 51 µs).
  app.use(microcache.middleware);
  app.use(createSecurityHeaders({ live: deps.live }));
  app.use("/api/*", cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"] }));
  if (feeds) app.route("/", createFeedStreamRoutes({ deps: feeds }));
  app.route("/", createGraphqlRoutes({ graphql }));
  app.route("/", createImageRoutes({ images: deps.images }));
  if (metrics) app.route("/", createMetricsRoutes({ metrics, token: admin?.token }));

  app.route("/", createHealthRoutes({ deps }));
  if (admin) {
    const { all = ADMIN_RATE_LIMIT, failures = ADMIN_FAILURE_LIMIT } = admin.rateLimits ?? {};
    const limit = (budget: typeof all) => createRateLimit({ ...budget, trustProxyHeader: deps.rateLimit.trustProxyHeader });
    app.route("/", createAdminRoutes({ admin, shell: { renderer: deps.renderer, limits: { all: limit(all), failures: limit(failures) } } }));
  }
  app.route("/static", createStaticRoutes({ assets: deps.assets }));
  if (feeds) app.route("/", createFeedPullRoutes({ deps: feeds }));
  app.route("/api/v1/battles", createBattleApiRoutes({ deps }));
  app.route("/api/v1", createApiRoutes({ deps }));
  app.route("/api", createZkbApiRoutes({ deps }));
  app.route("/", createHomeRoutes({ deps }));
  if (accounts) {
    app.route("/", createAccountRoutes({ deps: accounts.account }));
    app.route("/", createPostingRoutes({ deps: accounts.posting }));
  }
  app.route("/", createKillmailRoutes({ deps }));
  app.route("/", createPriceRoutes({ deps }));
  app.route("/", createItemRoutes({ deps }));
  app.route("/", createLiveRoutes({ deps }));
  app.route("/", createCampaignRoutes({ deps, accounts: accounts?.account }));
  app.route("/", createEntityRoutes({ deps }));
  app.route("/", createEntityDailyRoutes({ deps }));
  app.route("/", createSearchRoutes({ deps }));
  app.route("/", createStatsRoutes({ deps }));
  app.route("/", createBattleRoutes({ deps }));

  app.notFound((c) => {
    // zKillboard's page URLs end in a slash; links pasted without it still land on the page.
    const { pathname, search } = new URL(c.req.url);
    const numbered = c.req.method === "GET" ? numberedPagePath({ pathname, search }) : null;
    if (numbered) {
      // The same origin, only the path and query changed: a `//host/` path cannot move the request elsewhere.
      const url = new URL(c.req.url);
      Object.assign(url, numbered);
      return app.fetch(new Request(url, c.req.raw), c.env);
    }
    const canonical = c.req.method === "GET" ? findCanonicalPath({ pathname }) : null;
    if (canonical) return c.redirect(`${canonical}${search}`, 301);
    return handleNotFound({ c, deps });
  });
  app.onError((error, c) => handleError({ error, c, deps }));
  return answerHitsFirst({ app, hit: microcache.hit, metrics: metrics?.http });
}
