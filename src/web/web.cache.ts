/**
 * A short in-process cache of whole GET responses with one loader per key: a burst of requests for the same
 * busy page costs one render. Lifetimes stay within the page's own max-age, so nothing is served staler than a
 * browser would keep it anyway. Each entry carries its ETag, so revalidations answer 304 without a body.
 */
import type { MiddlewareHandler } from "hono";

type Entry = { body: Uint8Array<ArrayBuffer>; status: number; headers: [string, string][]; etag: string; expiresAt: number };

export const MICROCACHE_MAX_TTL_MS = 10_000;
const MAX_ENTRIES = 5_000;
const PER_REQUEST = new Set(["x-request-id", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "set-cookie"]);

function maxAgeMs(cacheControl: string | null) {
  const match = cacheControl && !/no-store|private/.test(cacheControl) ? /max-age=(\d+)/.exec(cacheControl) : null;
  return match ? Math.min(Number(match[1]) * 1000, MICROCACHE_MAX_TTL_MS) : 0;
}

function respond(entry: Entry, ifNoneMatch: string | undefined) {
  const headers = new Headers(entry.headers);
  headers.set("ETag", entry.etag);
  if (ifNoneMatch === entry.etag) return new Response(null, { status: 304, headers });
  return new Response(entry.body, { status: entry.status, headers });
}

export function createMicrocache({ now = () => Date.now() }: { now?: () => number } = {}): MiddlewareHandler {
  const entries = new Map<string, Entry>();
  const loading = new Map<string, Promise<Entry | null>>();
  return async (c, next) => {
    if (c.req.method !== "GET") return next();
    const key = c.req.url;
    const hit = entries.get(key);
    if (hit && hit.expiresAt > now()) return respond(hit, c.req.header("if-none-match"));
    const pending = loading.get(key);
    if (pending) {
      const entry = await pending;
      if (entry) return respond(entry, c.req.header("if-none-match"));
    }
    let settle!: (entry: Entry | null) => void;
    loading.set(key, new Promise((resolve) => (settle = resolve)));
    try {
      await next();
      const ttl = c.res.status === 200 ? maxAgeMs(c.res.headers.get("cache-control")) : 0;
      // Bytes, not text: a hit then costs no re-encoding, which matters for large API pages.
      const body = new Uint8Array(await c.res.arrayBuffer());
      const etag = `W/"${Bun.hash(body).toString(36)}"`;
      const entry = { body, status: c.res.status, headers: [...c.res.headers].filter(([name]) => !PER_REQUEST.has(name.toLowerCase())), etag, expiresAt: now() + ttl };
      if (ttl > 0) {
        if (entries.size >= MAX_ENTRIES) entries.clear();
        entries.set(key, entry);
      }
      settle(ttl > 0 ? entry : null);
      c.res = respond(entry, c.req.header("if-none-match"));
    } catch (error) {
      settle(null);
      throw error;
    } finally {
      loading.delete(key);
    }
  };
}
