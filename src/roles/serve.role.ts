import { defineCommand } from "citty";
import { runService } from "../app/run-service.ts";
import { closeRedisClients, createRedisClient } from "../redis/redis.client.ts";
import { createTypesenseClient, ensureSearchIndexed } from "../search/search.typesense.ts";
import { createWebApp } from "../web/web.app.ts";
import { createWebDependencies, DEFAULT_RATE_LIMIT } from "../web/web.setup.ts";
import { connectDatabase, createRoleContext } from "./role.context.ts";

export default defineCommand({
  meta: { name: "serve", description: "Serve the killboard: HTML pages, the JSON API, /health and /ready" },
  async run() {
    const { config, logger } = createRoleContext({ tag: "serve" });
    await runService({
      name: "serve",
      logger,
      async run({ signal }) {
        const sql = await connectDatabase({ url: config.DATABASE_URL, max: 20 });
        const redis = createRedisClient({ url: config.REDIS_URL, purpose: "cache", name: "serve" });
        const deps = await createWebDependencies({
          sql, config, logger,
          checks: { database: () => sql`select 1`, redis: () => redis.ping() },
          rateLimit: { ...DEFAULT_RATE_LIMIT, trustProxyHeader: config.TRUST_PROXY_HEADER },
        });
        const app = createWebApp({ deps });
        if (config.TYPESENSE_URL) {
          const client = createTypesenseClient({ url: config.TYPESENSE_URL, apiKey: config.TYPESENSE_API_KEY ?? "" });
          ensureSearchIndexed({ sql, client }).then(
            ({ upserted }) => upserted && logger.info(`typesense: indexed ${upserted} names`),
            (error) => logger.warn("typesense: initial index failed (search falls back to PostgreSQL):", error instanceof Error ? error.message : error),
          );
        }
        const server = Bun.serve({ port: config.PORT, fetch: app.fetch, idleTimeout: 30 });
        logger.info(`listening on http://localhost:${server.port} (search: ${deps.search.name})`);
        await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
        // stop() without force lets in-flight requests finish; runService bounds the wait.
        await server.stop();
        await closeRedisClients({ clients: [redis] });
        await sql.end({ timeout: 5 });
      },
    });
  },
});
