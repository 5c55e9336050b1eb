/**
 * The emulated ESI: limits, faults and the shared headers around the route modules. Order matters: an
 * exhausted error limit answers 420 before anything else, on every route (UPSTREAMS c.2).
 */
import { Hono, type Context } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import { createEsiAuthRoutes } from "./esi.auth.routes.ts";
import { createEsiEntityRoutes } from "./esi.entity.routes.ts";
import { createEsiKillmailRoutes } from "./esi.killmail.routes.ts";
import { createEsiMapRoutes } from "./esi.map.routes.ts";
import { createEsiMarketRoutes } from "./esi.market.routes.ts";
import { tokenCost, type BucketGroup } from "./esi.limits.ts";
import { esiError } from "./esi.respond.ts";
import { createEsiUniverseRoutes } from "./esi.universe.routes.ts";
import { bucketUserOf } from "./sso.tokens.ts";

// Real headers seen on ESI answers (esi/esi-issues#1018).
const EXPOSE_HEADERS = "Content-Type,Warning,ETag,X-Pages,X-ESI-Error-Limit-Remain,X-ESI-Error-Limit-Reset";

function bucketOf({ context, path }: { context: EmulatorContext; path: string }): BucketGroup | undefined {
  if (/^\/killmails\/\d+\/[^/]+$/.test(path) || /^\/wars\/\d+\/killmails$/.test(path)) return context.esiLimits.groups.killmail;
  if (path === "/status") return context.esiLimits.groups.status;
  if (/^\/characters\/\d+\/killmails\/recent$/.test(path)) return context.esiLimits.groups["char-killmail"];
  if (/^\/corporations\/\d+\/killmails\/recent$/.test(path)) return context.esiLimits.groups["corp-killmail"];
  return undefined;
}

/** `X-Ratelimit-Used` is what this one answer cost, not the window's total: clients add it up (UPSTREAMS c.2). */
function setBucketHeaders({ c, group, remaining, cost }: { c: Context<EmulatorEnv>; group: BucketGroup; remaining: number; cost: number }) {
  c.header("X-Ratelimit-Group", group.name);
  c.header("X-Ratelimit-Limit", group.label);
  c.header("X-Ratelimit-Remaining", String(remaining));
  c.header("X-Ratelimit-Used", String(cost));
}

function setErrorLimitHeaders({ c, state }: { c: Context<EmulatorEnv>; state: { remain: number; resetSeconds: number } }) {
  c.header("X-ESI-Error-Limit-Remain", String(state.remain));
  c.header("X-ESI-Error-Limit-Reset", String(state.resetSeconds));
}

export function createEsiApp({ context }: { context: EmulatorContext }) {
  const app = new Hono<EmulatorEnv>();
  const { esiLimits } = context;

  app.use("*", async (c, next) => {
    const client = c.env.ip;
    c.header("X-Esi-Request-Id", crypto.randomUUID());
    c.header("Access-Control-Allow-Origin", "*");
    c.header("Access-Control-Expose-Headers", EXPOSE_HEADERS);
    const before = esiLimits.errorState(client);
    if (before.limited) {
      setErrorLimitHeaders({ c, state: before });
      return esiError({ c, status: 420, message: "Error limited" });
    }
    const group = bucketOf({ context, path: c.req.path });
    // A bucket belongs to `<application>:<character>` when a token is sent, else to the source IP (UPSTREAMS c.2).
    const bucketClient = bucketUserOf({ authorization: c.req.header("authorization") }) ?? client;
    const bucket = group ? esiLimits.bucketState({ group, client: bucketClient }) : undefined;
    if (group && bucket && bucket.remaining <= 0) {
      setBucketHeaders({ c, group, remaining: bucket.remaining, cost: tokenCost(429) });
      c.header("Retry-After", String(bucket.retryAfterSeconds));
      return esiError({ c, status: 429, message: "Too many requests" });
    }
    const injected = context.faults.serverError();
    if (injected) c.res = esiError({ c, status: injected, message: "Internal server error (emulated fault)" });
    else await next();
    if (group) {
      const cost = tokenCost(c.res.status);
      setBucketHeaders({ c, group, remaining: esiLimits.spend({ group, client: bucketClient, cost }).remaining, cost });
    } else {
      if (c.res.status >= 400) esiLimits.recordError(client);
      setErrorLimitHeaders({ c, state: esiLimits.errorState(client) });
    }
  });

  app.route("/", createEsiKillmailRoutes({ context }));
  app.route("/", createEsiAuthRoutes({ context }));
  app.route("/", createEsiEntityRoutes({ context }));
  app.route("/", createEsiUniverseRoutes({ context }));
  app.route("/", createEsiMapRoutes({ context }));
  app.route("/", createEsiMarketRoutes({ context }));
  app.notFound((c) => esiError({ c, status: 404, message: "Not found" }));
  return app;
}
