/** What the admin pages receive from the HTTP shell; the serve role builds it only when ADMIN_TOKEN is set. */
import type { Queue } from "bullmq";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "../app/log.ts";
import type { DeploymentStatus } from "../ops/status.usecases.ts";
import type { PageRenderer } from "../present/present.deps.ts";

export type AdminDeps = {
  token: string;
  /** True only behind Fly's proxy (config TRUST_PROXY_HEADER): X-Forwarded-Proto then says whether cookies are Secure. */
  trustProxyHeader: boolean;
  queues: Queue[];
  readStatus: () => Promise<DeploymentStatus>;
  logger: Logger;
  now?: () => number;
  /** Defaults ADMIN_RATE_LIMIT and ADMIN_FAILURE_LIMIT. */
  rateLimits?: { all: RateBudget; failures: RateBudget };
};

export type RateBudget = { capacity: number; refillPerSecond: number };

export type AdminShell = {
  renderer: PageRenderer;
  /** `all` counts every admin request; `failures` only those with a missing or wrong token (the guessing). */
  limits: { all: MiddlewareHandler; failures: MiddlewareHandler };
};

/** Enough for the dashboard's polling (a few requests every 5 s) and a page load of ~15 files. */
export const ADMIN_RATE_LIMIT = { capacity: 120, refillPerSecond: 10 };
/** Ten wrong tokens, then one every 6 s per client. */
export const ADMIN_FAILURE_LIMIT = { capacity: 10, refillPerSecond: 1 / 6 };
