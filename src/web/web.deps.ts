/** Everything the web app needs, built once by the serve role (or a test) and passed down. */
import type { PageDeps } from "../present/present.deps.ts";
import type { SearchBackend } from "../search/search.models.ts";
import type { RateLimitOptions } from "./web.ratelimit.ts";
import type { StaticAssets } from "./web.static.ts";
import type { ImageService } from "../images/images.usecases.ts";

export type WebDeps = PageDeps & {
  assets: StaticAssets;
  images: ImageService;
  search: SearchBackend;
  /** Readiness probes: each resolves when its dependency answers. */
  checks: Record<string, () => Promise<unknown>>;
  rateLimit: Pick<RateLimitOptions, "capacity" | "refillPerSecond" | "trustProxyHeader">;
};
