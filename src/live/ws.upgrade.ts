/**
 * The HTTP side of a WebSocket connect: which protocol a path speaks, the per-address connection cap (429 past
 * it) and `?after=` on `/ws/v1`. A client is its socket address unless the board sits behind Fly's proxy, which
 * sets Fly-Client-IP itself (elsewhere the header is whatever the client typed).
 */
import type { Server } from "bun";
import { createWsData, type WsData, type WsProtocol } from "./ws.types.ts";
import { parseAfterParam } from "./ws.v1.ts";

export const WS_PATHS: Record<string, WsProtocol> = {
  "/websocket/": "zkb", "/websocket": "zkb", "/ws/killmails": "ekws", "/killmails": "ekws-legacy", "/ws/v1": "v1",
};

const problem = (status: number, error: string) => Response.json({ error }, { status, headers: { "cache-control": "no-store" } });

export function createUpgradeHandler({ maxConnectionsPerIp, trustProxyHeader }: { maxConnectionsPerIp: number; trustProxyHeader: boolean }) {
  const perIp = new Map<string, number>();

  function upgrade({ request, server }: { request: Request; server: Server<WsData> }): Response | undefined {
    const url = new URL(request.url);
    const protocol = WS_PATHS[url.pathname];
    if (!protocol) return problem(404, `no such endpoint; WebSockets are at ${Object.keys(WS_PATHS).join(", ")}`);
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return problem(426, "this endpoint speaks WebSocket only");
    const { after, problem: badAfter } = parseAfterParam({ value: protocol === "v1" ? url.searchParams.get("after") : null });
    if (badAfter) return problem(400, badAfter);
    const ip = (trustProxyHeader ? request.headers.get("fly-client-ip") : null) ?? server.requestIP(request)?.address ?? "unknown";
    const open = perIp.get(ip) ?? 0;
    if (open >= maxConnectionsPerIp) return problem(429, `at most ${maxConnectionsPerIp} connections per address`);
    perIp.set(ip, open + 1);
    if (server.upgrade(request, { data: createWsData({ protocol, ip, pendingAfter: after ?? null }) })) return undefined;
    release(ip);
    return problem(400, "WebSocket upgrade failed");
  }

  function release(ip: string) {
    const open = (perIp.get(ip) ?? 1) - 1;
    if (open > 0) perIp.set(ip, open);
    else perIp.delete(ip);
  }

  return Object.assign(upgrade, { release });
}
