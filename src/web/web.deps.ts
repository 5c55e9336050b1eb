/** Everything the web app needs, built once by the serve role (or a test) and passed down. */
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import type { UniverseNames } from "../entities/names.usecases.ts";
import type { SearchBackend } from "../search/search.models.ts";
import type { RateLimitOptions } from "./web.ratelimit.ts";
import type { StaticAssets } from "./web.static.ts";
import type { Renderer } from "./web.views.ts";

export type WebDeps = {
  sql: Sql;
  universe: UniverseNames;
  renderer: Renderer;
  assets: StaticAssets;
  search: SearchBackend;
  logger: Logger;
  /** Readiness probes: each resolves when its dependency answers. */
  checks: Record<string, () => Promise<unknown>>;
  now: () => Date;
  rateLimit: Pick<RateLimitOptions, "capacity" | "refillPerSecond" | "trustProxyHeader">;
};
