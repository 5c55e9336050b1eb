/**
 * WebSocket connections per client address, for the roles that accept them (`ws`, and GraphQL on `serve`). A client
 * is its socket address unless the board sits behind Fly's proxy, which sets Fly-Client-IP itself (elsewhere the
 * header is whatever the client typed, and one client could rotate it).
 */
/** What Bun.serve hands fetch as its second argument; none under Hono's app.request() in tests, or for a request the app sends itself. */
type SocketSource = { requestIP?: (request: Request) => { address?: string } | null } | undefined;

/** Also the HTTP rate limit's client key (web/web.ratelimit.ts). An empty Fly-Client-IP counts as none. */
export function clientAddress({ request, server, trustProxyHeader }: { request: Request; server?: unknown; trustProxyHeader: boolean }) {
  const proxied = trustProxyHeader ? request.headers.get("fly-client-ip") : null;
  if (proxied) return proxied;
  const socket = server as SocketSource;
  return (typeof socket?.requestIP === "function" ? socket.requestIP(request)?.address : undefined) ?? "unknown";
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
