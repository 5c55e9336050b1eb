/** Builds the web app's dependencies from open connections: static names, assets, views, search backend. */
import type { Config } from "../app/config.ts";
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import { loadUniverseNames } from "../universe/universe.names.ts";
import { warmCelestials } from "../universe/celestials.bundle.ts";
import type { SearchBackend } from "../search/search.models.ts";
import { createPostgresSearch } from "../search/search.postgres.ts";
import { createTypesenseSearch } from "../search/search.typesense.ts";
import type { WebDeps } from "./web.deps.ts";
import { loadStaticAssets } from "./web.static.ts";
import { createRenderer } from "./web.views.ts";
import { createLivePageSettings } from "./web.live.ts";
import { createImageService } from "../images/images.usecases.ts";
import { DEFAULT_IMAGE_SERVER_URL } from "../app/config.ts";

/** 120 requests of burst, 20 per second sustained: zKillboard-like tooling paces itself well below this. */
export const DEFAULT_RATE_LIMIT = { capacity: 120, refillPerSecond: 20 };

/** Search must not take pages down with it: when Typesense fails, the same search runs on PostgreSQL. */
function withFallback({ primary, fallback, logger }: { primary: SearchBackend; fallback: SearchBackend; logger: Logger }): SearchBackend {
  return {
    name: primary.name,
    async search(input) {
      try {
        return await primary.search(input);
      } catch (error) {
        logger.warn(`${primary.name} search failed, using ${fallback.name}:`, error instanceof Error ? error.message : error);
        return fallback.search(input);
      }
    },
  };
}

export async function createWebDependencies({ sql, config, logger, checks, rateLimit = DEFAULT_RATE_LIMIT, now = () => new Date() }: {
  sql: Sql;
  config: Pick<Config, "TYPESENSE_URL" | "TYPESENSE_API_KEY"> & Partial<Pick<Config, "PUBLIC_WS_URL" | "WS_PORT" | "IMAGE_SERVER_URL" | "BOARD_ENTITIES">>;
  logger: Logger;
  checks: WebDeps["checks"];
  rateLimit?: WebDeps["rateLimit"];
  now?: () => Date;
}): Promise<WebDeps> {
  const [universe, assets] = await Promise.all([loadUniverseNames({ sql }), loadStaticAssets()]);
  warmCelestials(); // the ~0.3 s synchronous gunzip, at start-up rather than on the first killmail page
  const postgres = createPostgresSearch({ sql });
  const search = config.TYPESENSE_URL
    ? withFallback({ primary: createTypesenseSearch({ url: config.TYPESENSE_URL, apiKey: config.TYPESENSE_API_KEY ?? "" }), fallback: postgres, logger })
    : postgres;
  const live = createLivePageSettings({ sql, config });
  const images = createImageService({ deps: { sql, universe, imageServerUrl: config.IMAGE_SERVER_URL ?? DEFAULT_IMAGE_SERVER_URL, logger, now } });
  return { sql, universe, assets, renderer: createRenderer({ assets }), search, logger, checks, now, rateLimit, live, images, board: config.BOARD_ENTITIES };
}

/**
 * The same dependencies reading `sql` (the read replica) instead: pages, the API and PostgreSQL search. Static
 * names, assets and the image cache (it writes) are shared with the primary's; Typesense is used as it is.
 */
export function createReadDependencies({ deps, sql, config }: {
  deps: WebDeps; sql: Sql; config: Partial<Pick<Config, "PUBLIC_WS_URL" | "WS_PORT">>;
}): WebDeps {
  const postgres = createPostgresSearch({ sql });
  return { ...deps, sql, search: deps.search.name === postgres.name ? postgres : deps.search, live: createLivePageSettings({ sql, config }) };
}
