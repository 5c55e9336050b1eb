/**
 * WebSocket connections per client address, for the roles that accept them (`ws`, and GraphQL on `serve`). A client
 * is its socket address unless the board sits behind Fly's proxy, which sets Fly-Client-IP itself (elsewhere the
 * header is whatever the client typed, and one client could rotate it).
 */
import type { Server } from "bun";

export function clientAddress({ request, server, trustProxyHeader }: { request: Request; server: Server<unknown>; trustProxyHeader: boolean }) {
  return (trustProxyHeader ? request.headers.get("fly-client-ip") : null) ?? server.requestIP(request)?.address ?? "unknown";
}

export function createAddressCap({ max }: { max: number }) {
  const open = new Map<string, number>();
  return {
    /** Counts a connection from `address`; false (nothing counted) when it already holds `max`. */
    take({ address }: { address: string }) {
      const count = open.get(address) ?? 0;
      if (count >= max) return false;
      open.set(address, count + 1);
      return true;
    },
    release({ address }: { address: string }) {
      const count = (open.get(address) ?? 1) - 1;
      if (count > 0) open.set(address, count);
      else open.delete(address);
    },
  };
}
