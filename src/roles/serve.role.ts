import { defineCommand } from "citty";
import { cookieSettings, createLogin, createPostDeps } from "../accounts/accounts.setup.ts";
import { createClock } from "../app/clock.ts";
import { createEsiClient } from "../esi/esi.client.ts";
import { createQueues } from "../queue/queue.client.ts";
import { createAdminDeps } from "../admin/admin.setup.ts";
import { createTypesenseClient, ensureSearchIndexed } from "../search/search.typesense.ts";
import { createFeedsDeps } from "../feeds/feeds.setup.ts";
import { killmailEventKeys } from "../ingest/killmail.events.ts";
import { createGraphqlServer } from "../graphql/graphql.server.ts";
import { createGraphqlWebSocket } from "../graphql/graphql.ws.ts";
import { createWebApp } from "../web/web.app.ts";
import { createWebDependencies, DEFAULT_RATE_LIMIT } from "../web/web.setup.ts";
import { metricsPortArg, parseMetricsPortArg } from "./role.args.ts";
import { roleApplicationName } from "./role.metrics.ts";
import { openReplicaRouting } from "../web/web.reads.ts";
import { listenOn, runRole, untilAborted } from "./role.run.ts";

export default defineCommand({
  meta: { name: "serve", description: "Serve the killboard: HTML pages, the JSON API, /health, /ready and /metrics" },
  args: metricsPortArg(),
  async run({ args }) {
    await runRole({
      tag: "serve",
      service: true,
      metrics: { port: parseMetricsPortArg({ args }) },
      // Page reads: no parallel workers (createSql says why).
      db: { max: 20, parallel: false },
      redis: ["cache", "producer", "events"],
      async run({ sql, redis: { cache: redis, producer, events }, config, logger, signal, defer, metrics }) {
        const clock = await createClock({ url: config.CLOCK_URL });
        defer(() => clock.stop());
        const deps = await createWebDependencies({
          sql, config, logger, now: clock.now,
          checks: { database: () => sql`select 1`, redis: () => redis.ping() },
          rateLimit: { ...DEFAULT_RATE_LIMIT, trustProxyHeader: config.TRUST_PROXY_HEADER },
        });
        // No ADMIN_TOKEN, no admin routes: /admin and everything under it is a 404.
        const admin = config.ADMIN_TOKEN ? createAdminDeps({ token: config.ADMIN_TOKEN, sql, connection: producer, config, logger }) : undefined;
        if (admin) defer(() => admin.close());
        const feeds = createFeedsDeps({
          sql, redis, subscriber: events, channel: killmailEventKeys({ prefix: config.QUEUE_PREFIX }).channel,
          prefix: config.QUEUE_PREFIX, universe: deps.universe, retentionDays: config.LIVE_RETENTION_DAYS, logger,
        });
        defer(() => feeds.hub.close());
        const graphql = createGraphqlServer({ deps: { ...deps, feeds } });
        const graphqlWs = createGraphqlWebSocket({ graphql, rateLimit: deps.rateLimit, maxConnectionsPerIp: config.WS_MAX_CONNECTIONS_PER_IP });
        const queues = createQueues({ connection: producer, prefix: config.QUEUE_PREFIX });
        defer(() => queues.close());
        const esi = createEsiClient({ baseUrl: config.ESI_BASE_URL, userAgent: config.ESI_USER_AGENT, redis, keyPrefix: `${config.QUEUE_PREFIX}:esi` });
        const cookies = cookieSettings({ config });
        const accounts = {
          account: { ...deps, cookies, login: createLogin({ config, now: clock.now }) },
          posting: { renderer: deps.renderer, cookies, post: createPostDeps({ sql, esi, queues, now: clock.now }) },
        };
        const app = createWebApp({ deps, admin: admin?.deps, metrics, feeds, graphql, accounts });
        // Registered before the server, so it closes after the server has drained. No admin there: /admin always reads the primary.
        const reads = config.DATABASE_READ_URL ? openReplicaRouting({
          url: config.DATABASE_READ_URL, maxLagMs: config.DATABASE_READ_MAX_LAG_MS, primarySql: sql, primaryApp: app, deps, config,
          buildApp: (readDeps) => createWebApp({ deps: readDeps, metrics, feeds, graphql, accounts }),
          registry: metrics.registry, applicationName: roleApplicationName({ name: "serve reads" }), logger, max: 20,
        }) : undefined;
        if (reads) defer(() => reads.close());
        const handler = reads ?? app;
        if (config.TYPESENSE_URL) {
          const client = createTypesenseClient({ url: config.TYPESENSE_URL, apiKey: config.TYPESENSE_API_KEY ?? "" });
          ensureSearchIndexed({ sql, client }).then(
            ({ upserted }) => upserted && logger.info(`typesense: indexed ${upserted} names`),
            (error) => logger.warn("typesense: initial index failed (search falls back to PostgreSQL):", error instanceof Error ? error.message : error),
          );
        }
        const server = await listenOn({ name: "PORT", port: config.PORT, start: () => Bun.serve({
          port: config.PORT, idleTimeout: 30, websocket: graphqlWs.websocket,
          // GraphQL over WebSocket shares the port; everything else is the app.
          fetch(request, server) {
            const { upgraded, refused } = graphqlWs.upgrade({ request, server });
            return upgraded ? undefined : (refused ?? handler.fetch(request, server));
          },
        }) });
        // stop() without force lets in-flight requests finish; runService bounds the wait.
        defer(() => server.stop());
        logger.info(`listening on http://localhost:${server.port} (search: ${deps.search.name})`);
        await untilAborted({ signal });
      },
    });
  },
});
