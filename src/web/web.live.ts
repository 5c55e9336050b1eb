/**
 * The live pages' socket in the page policy: connect-src names `ws`'s one origin and nothing broader. Without
 * PUBLIC_WS_URL that origin is the page's own host at WS_PORT; 'self' does not cover it (another port).
 */
import type { Context } from "hono";
import type { Config } from "../app/config.ts";
import type { LivePageSettings } from "../present/present.deps.ts";
import { createLiveRepository } from "../live/live.repository.ts";
import type { Sql } from "../db/db.client.ts";

/** A DNS name or an IP literal: a Host header carrying anything else must not reach the policy. */
const PLAIN_HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/i;

/** Live settings from config, or none when `ws` has no port to be found at (tests' bare configs). */
export function createLivePageSettings({ sql, config }: { sql: Sql; config: Partial<Pick<Config, "PUBLIC_WS_URL" | "WS_PORT">> }): LivePageSettings | undefined {
  if (!config.WS_PORT) return undefined;
  const repository = createLiveRepository({ sql });
  return { readHead: () => repository.readHead(), socketUrl: config.PUBLIC_WS_URL, socketPort: config.WS_PORT };
}

/** The connect-src entry for the live socket, per request (the page's host, when no public URL is set). */
export function liveConnectSource({ live }: { live: LivePageSettings }) {
  if (live.socketUrl) {
    const { protocol, host } = new URL(live.socketUrl);
    return () => `${protocol}//${host}`;
  }
  return (c: Context) => {
    // The Host header without its port is the URL's hostname; parsing the whole URL cost more, on every response.
    const hostname = (c.req.header("host") ?? new URL(c.req.url).host).replace(/:\d+$/, "").toLowerCase();
    // Both schemes: behind a TLS proxy serve sees http while the page, and so its socket, is https.
    return PLAIN_HOST.test(hostname) ? `ws://${hostname}:${live.socketPort} wss://${hostname}:${live.socketPort}` : "'self'";
  };
}
