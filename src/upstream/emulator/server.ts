/**
 * One Bun server for every upstream: paths decide which one answers (R2Z2 `/ephemeral`, history `/history`,
 * RedisQ `/listen.php` `/object.php`, EVE Ref `/market-history`, the image server's `/types/{id}/icon` and the like,
 * EVE-KILL sockets, control `/_emulator`, EVE SSO `/v2/oauth/…` `/oauth/jwks` `/.well-known/oauth-authorization-server`,
 * everything else ESI). ESI paths lose an optional `/latest|/vN|/dev|/legacy` prefix and trailing slash first
 * (UPSTREAMS c.2); SSO paths are matched first and kept whole, as `/v2/` is theirs, not an ESI version.
 */
import type { Server } from "bun";
import type { Hono } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import { EKWS_PATHS, type SocketData } from "./ekws.socket.ts";
import { discoveryFor } from "../../ekws/ekws.protocol.ts";
import { droppedConnection } from "./faults.ts";
import { IMAGE_PATH } from "./images.routes.ts";
import { SSO_PATHS, SSO_PREFIX } from "./sso.app.ts";

export type Upstream = "control" | "r2z2" | "history" | "zkb-api" | "redisq" | "everef" | "images" | "sso" | "esi";
export type Apps = Record<Upstream, Hono<EmulatorEnv>>;

const ESI_PREFIX = /^\/(?:latest|v[1-6]|dev|legacy)(?=\/)/;

export function classifyPath(path: string): Upstream {
  if (path.startsWith("/_emulator/")) return "control";
  if (path.startsWith(SSO_PREFIX) || SSO_PATHS.includes(path)) return "sso";
  if (path.startsWith("/ephemeral/")) return "r2z2";
  if (path.startsWith("/history/")) return "history";
  // zKillboard's own API (another host upstream); ESI has no /api/ paths.
  if (path.startsWith("/api/")) return "zkb-api";
  if (path.startsWith("/market-history/")) return "everef";
  if (path === "/listen.php" || path === "/object.php") return "redisq";
  // The image server's paths (another host upstream; here they shadow ESI's JSON /characters/{id}/portrait).
  if (IMAGE_PATH.test(path)) return "images";
  return "esi";
}

export function normalizeEsiPath(path: string) {
  const stripped = path.replace(ESI_PREFIX, "");
  return stripped.length > 1 ? stripped.replace(/\/+$/, "") : stripped;
}

export function createFetchHandler({ context, apps }: { context: EmulatorContext; apps: Apps }) {
  return async (request: Request, server: Server<SocketData>): Promise<Response | undefined> => {
    const url = new URL(request.url);
    const protocol = EKWS_PATHS[url.pathname];
    if (protocol && request.headers.get("upgrade")?.toLowerCase() === "websocket") {
      if (server.upgrade(request, { data: { protocol, topics: new Set<string>() } })) return undefined;
    }
    if (url.pathname === "/ws" || url.pathname === "/ws/") {
      return Response.json(discoveryFor({ wsBase: `ws://${url.host}` }), { headers: { "access-control-allow-origin": "*" } });
    }
    const upstream = classifyPath(url.pathname);
    const ip = server.requestIP(request)?.address ?? "unknown";
    if (upstream === "control") return apps.control.fetch(request, { ip });
    if (context.faults.shouldDrop()) return droppedConnection();
    await context.faults.delay();
    let routed = request;
    if (upstream === "esi") {
      url.pathname = normalizeEsiPath(url.pathname);
      routed = new Request(url, request);
    }
    const response = await apps[upstream].fetch(routed, { ip });
    context.stats.countRequest({ upstream, method: request.method, path: url.pathname, status: response.status });
    return response;
  };
}
