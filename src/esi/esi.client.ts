/**
 * The one way to call ESI. Every request passes the gates of `esi.transport.ts` (downtime, rate-limit group,
 * error budget: a 420 or a nearly spent budget pauses every caller until the window resets). 5xx and timeouts
 * retry with backoff (they cost error budget, which the gate watches); 420/429 wait and retry without counting
 * as attempts. Cacheable GETs go through the Redis ETag/Expires cache shared by all processes.
 */
import { sleep } from "../app/time.ts";
import type { EsiMetrics } from "../metrics/metrics.esi.ts";
import type { RedisClient } from "../redis/redis.client.ts";
import { createEsiCache, readExpiresAt, type CachedAnswer } from "./esi.cache.ts";
import { createEsiEndpoints } from "./esi.endpoints.ts";
import { createErrorLimitGate, type SharedPause } from "./esi.error-limit.ts";
import { createRateLimitGroups } from "./esi.rate-limit.ts";
import { createEsiTransport, type EsiAnswer, type EsiRequest, type EsiStats } from "./esi.transport.ts";

export type { EsiAnswer, EsiRequest } from "./esi.transport.ts";

export const ESI_TIMEOUT_MS = 10_000;
export const ESI_MAX_ATTEMPTS = 4;
export const ESI_RETRY_BASE_MS = 500;
/** Waits on 420/429 are not attempts, but a request still gives up after this many of them. */
const ESI_MAX_LIMIT_WAITS = 50;

/** The per-IP error-limit pause, shared through Redis by every process on this host (they share the budget). */
export function createSharedPause({ redis, key }: { redis: RedisClient; key: string }): SharedPause {
  return {
    read: async () => Number((await redis.get(key)) ?? 0),
    write: async (until) => {
      const ms = Math.round(until - Date.now());
      if (ms > 0) await redis.set(key, String(until), "PX", ms);
    },
  };
}

export function createEsiClient({ baseUrl, userAgent, redis, keyPrefix = "killboard:esi", timeoutMs = ESI_TIMEOUT_MS, retryBaseMs = ESI_RETRY_BASE_MS, now = Date.now, metrics }: {
  baseUrl: string;
  userAgent: string;
  /** Enables the shared cache and the cross-process error-limit pause. */
  redis?: RedisClient;
  /** Redis key namespace of the cache and the shared pause. */
  keyPrefix?: string;
  timeoutMs?: number;
  retryBaseMs?: number;
  now?: () => number;
  /** Counts every answer by status and exports the error budget this client's gate holds. */
  metrics?: EsiMetrics;
}) {
  const shared = redis ? { shared: createSharedPause({ redis, key: `${keyPrefix}:error-limit-paused-until` }) } : {};
  const errorLimit = createErrorLimitGate({ now, ...shared });
  const rateLimits = createRateLimitGroups({ now });
  const cache = redis ? createEsiCache({ redis, prefix: `${keyPrefix}:cache` }) : null;
  const stats: EsiStats = { requests: 0, errors: 0, limitWaits: 0, cacheHits: 0 };
  const transport = createEsiTransport({ baseUrl, userAgent, timeoutMs, errorLimit, rateLimits, stats, now, metrics });
  metrics?.watchErrorLimit({ read: () => errorLimit.state() });

  async function remember<T>({ path, answer, cached }: { path: string; answer: EsiAnswer<T>; cached: CachedAnswer | null }) {
    const expiresAt = readExpiresAt({ headers: answer.headers!, now: now() });
    if (!cache || expiresAt <= now()) return;
    const body = answer.status === 304 ? cached?.body : answer.data;
    const emulated = answer.emulated ?? null;
    await cache.write({ path, answer: { etag: answer.headers!.get("etag"), expiresAt, body, emulated }, now: now() }).catch(() => {});
  }

  async function request<T>(call: EsiRequest): Promise<EsiAnswer<T>> {
    const cacheable = Boolean(cache && call.cache && (call.method ?? "GET") === "GET");
    // The cache only saves requests: when Redis cannot answer, ask ESI.
    const cached = cacheable ? await cache!.read({ path: call.path }).catch(() => null) : null;
    if (cached && cached.expiresAt > now()) {
      stats.cacheHits++;
      return { status: 200, data: cached.body as T, headers: null, cached: true, emulated: cached.emulated ?? null };
    }
    for (let attempt = 0, limitWaits = 0; ; ) {
      const outcome = await transport.sendOnce<T>({ request: call, etag: cached?.etag ?? call.etag ?? null });
      if (outcome.kind === "answer") {
        const answer = { ...outcome.answer, emulated: outcome.answer.headers?.get("x-emulated") ?? (outcome.answer.status === 304 ? cached?.emulated : null) ?? null };
        if (cacheable && answer.headers) await remember({ path: call.path, answer, cached });
        return answer.status === 304 && cached ? { ...answer, status: 200, data: cached.body as T } : answer;
      }
      if (outcome.kind === "limited" && ++limitWaits <= ESI_MAX_LIMIT_WAITS) continue;
      if (outcome.kind === "retry" && ++attempt < ESI_MAX_ATTEMPTS) {
        await sleep(retryBaseMs * 2 ** (attempt - 1), call.signal);
        continue;
      }
      throw outcome.error;
    }
  }

  return { request, ...createEsiEndpoints({ request }), stats: () => ({ ...stats, errorLimit: errorLimit.state(), rateLimits: rateLimits.remaining() }) };
}

export type EsiClient = ReturnType<typeof createEsiClient>;
