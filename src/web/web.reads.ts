/**
 * Sends page and API reads to the read replica while it is usable, everything else to the primary.
 *
 * Why per request and not per query: deps.sql is handed to route factories when the app is built, and
 * postgres.js queries and fragments belong to the instance that made them, so a proxy switching pools per query
 * would mix instances inside one query. Instead serve builds the app twice, over the replica and over the primary,
 * and this picks one app per request: a request never mixes the two.
 *
 * Read-your-own-write: a write (any method but GET/HEAD) or an answer that sets a cookie (login, logout, a form's
 * CSRF token) pins that browser to the primary for `pinSeconds`, so the kill it just posted or the report it just
 * saved is on the page it is redirected to. Login, the account and admin pages always read the primary.
 * A read the replica answers with a 5xx (connection lost, a query cancelled by replay) is answered again by the
 * primary, and the replica is left until the monitor's next check.
 */
import { parse, serialize } from "hono/utils/cookie";
import type { Logger } from "../app/log.ts";
import type { Registry } from "prom-client";
import type { Sql } from "../db/db.client.ts";
import { openReadReplica, type ReplicaMonitor } from "../db/db.replica.ts";
import { defineReplicaMetrics } from "../metrics/metrics.replica.ts";
import type { WebDeps } from "./web.deps.ts";
import { createReadDependencies } from "./web.setup.ts";

export const PRIMARY_PIN_COOKIE = "kb_primary";
const PRIMARY_PATHS = ["/login/", "/logout/", "/auth/", "/account/", "/admin", "/post/", "/campaigns/new/", "/health", "/ready", "/metrics"];

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

const isRead = (request: Request) => request.method === "GET" || request.method === "HEAD";

function isPinned(request: Request) {
  const header = request.headers.get("cookie");
  return header ? parse(header, PRIMARY_PIN_COOKIE)[PRIMARY_PIN_COOKIE] !== undefined : false;
}

function mayReadReplica(request: Request) {
  if (!isRead(request) || isPinned(request)) return false;
  const { pathname } = new URL(request.url);
  return !PRIMARY_PATHS.some((prefix) => pathname.startsWith(prefix));
}

function pinToPrimary({ response, pinSeconds }: { response: Response; pinSeconds: number }) {
  const pinned = new Response(response.body, response); // a fetched or static Response may have immutable headers
  pinned.headers.append("set-cookie", serialize(PRIMARY_PIN_COOKIE, "1", { path: "/", maxAge: pinSeconds, httpOnly: true, sameSite: "Lax" }));
  return pinned;
}

export function createReadRouting({ primary, replica, monitor, pinSeconds, logger }: {
  primary: { fetch: Fetch }; replica: { fetch: Fetch }; monitor: Pick<ReplicaMonitor, "state" | "reportFailure">; pinSeconds: number; logger: Logger;
}) {
  async function fetchPrimary(request: Request, env?: unknown) {
    const response = await primary.fetch(request, env);
    const wrote = !isRead(request) || response.headers.has("set-cookie");
    return wrote ? pinToPrimary({ response, pinSeconds }) : response;
  }
  return {
    async fetch(request: Request, env?: unknown): Promise<Response> {
      if (!mayReadReplica(request) || !monitor.state().usable) return fetchPrimary(request, env);
      // A GET carries no body, so the same request can be answered a second time.
      const response = await replica.fetch(request, env);
      if (response.status < 500) return response;
      const { pathname } = new URL(request.url);
      logger.warn(`read replica: ${pathname} answered ${response.status}, answering from the primary`);
      monitor.reportFailure(`${pathname} answered ${response.status}`);
      await response.body?.cancel();
      return fetchPrimary(request, env);
    },
  };
}

/**
 * serve's wiring for DATABASE_READ_URL: the replica's pool and monitor, its gauges, the app built a second time
 * over the replica, and the routing between the two apps. `close` stops the monitor and ends the pool.
 */
export function openReplicaRouting({ url, maxLagMs, primarySql, primaryApp, deps, config, buildApp, registry, applicationName, logger, max }: {
  url: string; maxLagMs: number; primarySql: Sql; primaryApp: { fetch: Fetch }; deps: WebDeps;
  config: Parameters<typeof createReadDependencies>[0]["config"];
  /** Builds the app over the replica's dependencies, with everything else as the primary's app has it. */
  buildApp: (deps: WebDeps) => { fetch: Fetch };
  registry: Registry; applicationName: string; logger: Logger; max: number;
}) {
  const replica = openReadReplica({ url, primary: primarySql, max, maxLagMs, applicationName, logger });
  defineReplicaMetrics({ registry, monitor: replica.monitor });
  const replicaApp = buildApp(createReadDependencies({ deps, sql: replica.sql, config }));
  // A write is on a replica within maxLagMs while the replica is used at all: pinned that long (and a second), it is seen.
  const routing = createReadRouting({ primary: primaryApp, replica: replicaApp, monitor: replica.monitor, pinSeconds: Math.ceil(maxLagMs / 1000) + 1, logger });
  return { fetch: routing.fetch, close: replica.close };
}
