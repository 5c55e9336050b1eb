/**
 * The HTTP side of a WebSocket connect: which protocol a path speaks, the per-address connection cap (429 past
 * it; app/address-cap.ts) and `?after=` on `/ws/v1`.
 */
import type { Server } from "bun";
import { clientAddress, createAddressCap } from "../app/address-cap.ts";
import { createWsData, type WsData, type WsProtocol } from "./ws.types.ts";
import { parseAfterParam } from "./ws.v1.ts";

export const WS_PATHS: Record<string, WsProtocol> = {
  "/websocket/": "zkb", "/websocket": "zkb", "/ws/killmails": "ekws", "/killmails": "ekws-legacy", "/ws/v1": "v1",
};

const problem = (status: number, error: string) => Response.json({ error }, { status, headers: { "cache-control": "no-store" } });

export function createUpgradeHandler({ maxConnectionsPerIp, trustProxyHeader }: { maxConnectionsPerIp: number; trustProxyHeader: boolean }) {
  const cap = createAddressCap({ max: maxConnectionsPerIp });

  function upgrade({ request, server }: { request: Request; server: Server<WsData> }): Response | undefined {
    const url = new URL(request.url);
    const protocol = WS_PATHS[url.pathname];
    if (!protocol) return problem(404, `no such endpoint; WebSockets are at ${Object.keys(WS_PATHS).join(", ")}`);
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return problem(426, "this endpoint speaks WebSocket only");
    const { after, problem: badAfter } = parseAfterParam({ value: protocol === "v1" ? url.searchParams.get("after") : null });
    if (badAfter) return problem(400, badAfter);
    const ip = clientAddress({ request, server, trustProxyHeader });
    if (!cap.take({ address: ip })) return problem(429, `at most ${maxConnectionsPerIp} connections per address`);
    if (server.upgrade(request, { data: createWsData({ protocol, ip, pendingAfter: after ?? null }) })) return undefined;
    release(ip);
    return problem(400, "WebSocket upgrade failed");
  }

  const release = (ip: string) => cap.release({ address: ip });

  return Object.assign(upgrade, { release });
}
