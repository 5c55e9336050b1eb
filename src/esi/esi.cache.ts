/**
 * ETag/Expires cache for cacheable GETs, in Redis so every process shares it. ESI asks clients not to refetch
 * before `Expires` ("can get you banned"); after it, `If-None-Match` turns an unchanged answer into a cheap 304.
 * Entries outlive `Expires` (for revalidation) but not forever: Redis runs with noeviction.
 */
import type { RedisClient } from "../redis/redis.client.ts";
import { DAY_MS } from "../app/time.ts";

export const ESI_CACHE_KEEP_AFTER_EXPIRY_MS = DAY_MS;

export type CachedAnswer = { etag: string | null; expiresAt: number; body: unknown; emulated?: string | null };

export function createEsiCache({ redis, prefix = "killboard:esi:cache" }: { redis: RedisClient; prefix?: string }) {
  const keyOf = (path: string) => `${prefix}:${path}`;
  return {
    async read({ path }: { path: string }): Promise<CachedAnswer | null> {
      const text = await redis.get(keyOf(path));
      return text ? (JSON.parse(text) as CachedAnswer) : null;
    },
    async write({ path, answer, now = Date.now() }: { path: string; answer: CachedAnswer; now?: number }) {
      const ttlMs = Math.max(1_000, answer.expiresAt - now) + ESI_CACHE_KEEP_AFTER_EXPIRY_MS;
      await redis.set(keyOf(path), JSON.stringify(answer), "PX", Math.round(ttlMs));
    },
  };
}

export type EsiCache = ReturnType<typeof createEsiCache>;

/** Expiry of an answer from its `Expires` header (or `Cache-Control: max-age`); 0 when it says nothing. */
export function readExpiresAt({ headers, now = Date.now() }: { headers: Headers; now?: number }) {
  const maxAge = /max-age=(\d+)/.exec(headers.get("cache-control") ?? "")?.[1];
  if (maxAge) return now + Number(maxAge) * 1000;
  const expires = Date.parse(headers.get("expires") ?? "");
  return Number.isFinite(expires) ? expires : 0;
}
