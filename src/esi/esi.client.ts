/**
 * The one way to call ESI. Before every request: the daily-downtime gate, the error-limit gate (a 420 or a
 * nearly spent budget pauses every caller until the window resets), the route's rate-limit group. 5xx and
 * timeouts retry with backoff (they cost no bucket tokens but do cost error budget, which the gate watches);
 * 420/429 wait and retry without counting as attempts. Cacheable GETs go through the Redis ETag/Expires cache.
 */
import { sleep } from "../app/run-service.ts";
import type { RedisClient } from "../redis/redis.client.ts";
import { createEsiCache, readExpiresAt, type EsiCache } from "./esi.cache.ts";
import { createDowntimeGate } from "./esi.downtime.ts";
import { createErrorLimitGate, type SharedPause } from "./esi.error-limit.ts";
import { EsiError } from "./esi.errors.ts";
import { createRateLimitGroups } from "./esi.rate-limit.ts";
import { createEsiEndpoints } from "./esi.endpoints.ts";

export const ESI_TIMEOUT_MS = 10_000;
export const ESI_MAX_ATTEMPTS = 4;
export const ESI_RETRY_BASE_MS = 500;
/** Waits on 420/429 are not attempts, but a request still gives up after this many of them. */
const ESI_MAX_LIMIT_WAITS = 50;
const COMPATIBILITY_DATE = "2026-08-04";

export type EsiRequest = { method?: "GET" | "POST"; path: string; body?: unknown; cache?: boolean; signal?: AbortSignal };
export type EsiAnswer<T> = { status: number; data: T; headers: Headers | null; cached: boolean };

/** The per-IP error-limit pause, shared through Redis by every process on this host. */
export function createSharedPause({ redis, key }: { redis: RedisClient; key: string }): SharedPause {
  return {
    read: async () => Number((await redis.get(key)) ?? 0),
    write: async (until) => {
      const ms = Math.round(until - Date.now());
      if (ms > 0) await redis.set(key, String(until), "PX", ms);
    },
  };
}

export function createEsiClient({ baseUrl, userAgent, redis, keyPrefix = "killboard:esi", timeoutMs = ESI_TIMEOUT_MS, retryBaseMs = ESI_RETRY_BASE_MS, now = Date.now }: {
  baseUrl: string;
  userAgent: string;
  /** Redis key namespace of the cache and the shared pause. */
  keyPrefix?: string;
  /** Enables the shared cache and the cross-process error-limit pause. */
  redis?: RedisClient;
  timeoutMs?: number;
  retryBaseMs?: number;
  now?: () => number;
}) {
  const errorLimit = createErrorLimitGate({ now, ...(redis ? { shared: createSharedPause({ redis, key: `${keyPrefix}:error-limit-paused-until` }) } : {}) });
  const rateLimits = createRateLimitGroups({ now });
  const cache: EsiCache | null = redis ? createEsiCache({ redis, prefix: `${keyPrefix}:cache` }) : null;
  const stats = { requests: 0, errors: 0, limitWaits: 0, cacheHits: 0 };
  const downtime = createDowntimeGate({ now, fetchStatus: fetchServerStatus });

  async function fetchServerStatus() {
    const response = await fetch(new URL("/status/", baseUrl), { headers: { "User-Agent": userAgent }, signal: AbortSignal.timeout(timeoutMs) });
    const body = response.ok ? ((await response.json()) as { start_time?: string; vip?: boolean }) : {};
    return { ok: response.ok, startTime: body.start_time ? Date.parse(body.start_time) : null, vip: body.vip === true };
  }

  async function waitForGates(request: EsiRequest) {
    for (;;) {
      const ms = Math.max(await downtime.waitMs(), rateLimits.waitMs({ path: request.path }));
      if (ms > 0) {
        stats.limitWaits++;
        await sleep(ms, request.signal);
      } else {
        const gateMs = await errorLimit.tryAcquire();
        if (gateMs === 0) return;
        stats.limitWaits++;
        await sleep(gateMs, request.signal);
      }
      if (request.signal?.aborted) throw request.signal.reason ?? new Error("aborted");
    }
  }

  async function send(request: EsiRequest, etag: string | null) {
    await waitForGates(request);
    stats.requests++;
    const headers: Record<string, string> = { "User-Agent": userAgent, Accept: "application/json", "X-Compatibility-Date": COMPATIBILITY_DATE };
    if (request.body !== undefined) headers["Content-Type"] = "application/json";
    if (etag) headers["If-None-Match"] = etag;
    const signals = [AbortSignal.timeout(timeoutMs), ...(request.signal ? [request.signal] : [])];
    try {
      const response = await fetch(new URL(request.path, baseUrl), {
        method: request.method ?? "GET",
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.any(signals),
        redirect: "follow",
      });
      errorLimit.observe({ status: response.status, headers: response.headers });
      rateLimits.observe({ path: request.path, status: response.status, headers: response.headers });
      if (response.status >= 400) stats.errors++;
      return response;
    } catch (error) {
      errorLimit.release();
      throw error;
    }
  }

  const endpoints = createEsiEndpoints({ request });

  async function request<T>(request: EsiRequest): Promise<EsiAnswer<T>> {
    const cacheable = Boolean(cache && request.cache && (request.method ?? "GET") === "GET");
    // The cache only saves requests: when Redis cannot answer, ask ESI.
    const cached = cacheable ? await cache!.read({ path: request.path }).catch(() => null) : null;
    if (cached && cached.expiresAt > now()) {
      stats.cacheHits++;
      return { status: 200, data: cached.body as T, headers: null, cached: true };
    }
    let attempt = 0;
    let limitWaits = 0;
    for (;;) {
      const outcome = await sendOnce<T>({ request, etag: cached?.etag ?? null });
      if (outcome.kind === "answer") {
        if (cacheable && outcome.answer.headers) await remember<T>({ path: request.path, answer: outcome.answer, cached });
        return outcome.kind === "answer" && outcome.answer.status === 304 ? { ...outcome.answer, status: 200, data: cached!.body as T, cached: true } : outcome.answer;
      }
      if (outcome.kind === "limited" && ++limitWaits <= ESI_MAX_LIMIT_WAITS) continue;
      if (outcome.kind === "retry" && ++attempt < ESI_MAX_ATTEMPTS) {
        await sleep(retryBaseMs * 2 ** (attempt - 1), request.signal);
        continue;
      }
      throw outcome.error;
    }
  }

  type Outcome<T> = { kind: "answer"; answer: EsiAnswer<T> } | { kind: "limited" | "retry" | "fail"; error: EsiError };

  async function sendOnce<T>({ request: req, etag }: { request: EsiRequest; etag: string | null }): Promise<Outcome<T>> {
    let response: Response;
    try {
      response = await send(req, etag);
    } catch (error) {
      if (req.signal?.aborted) throw error;
      return { kind: "retry", error: new EsiError({ httpStatus: 0, path: req.path, message: (error as Error).message }) };
    }
    if (response.status === 304) return { kind: "answer", answer: { status: 304, data: undefined as T, headers: response.headers, cached: true } };
    const text = await response.text();
    if (response.ok) return { kind: "answer", answer: { status: response.status, data: (text ? JSON.parse(text) : null) as T, headers: response.headers, cached: false } };
    const error = new EsiError({ httpStatus: response.status, path: req.path, message: text.slice(0, 200) });
    if (response.status === 420 || response.status === 429) return { kind: "limited", error };
    if (response.status >= 500) return { kind: "retry", error };
    return { kind: "fail", error };
  }

  async function remember<T>({ path, answer, cached }: { path: string; answer: EsiAnswer<T>; cached: { body: unknown } | null }) {
    const expiresAt = readExpiresAt({ headers: answer.headers!, now: now() });
    if (expiresAt <= now()) return;
    const body = answer.status === 304 ? cached?.body : answer.data;
    await cache!.write({ path, answer: { etag: answer.headers!.get("etag"), expiresAt, body }, now: now() }).catch(() => {});
  }

  return { request, ...endpoints, stats: () => ({ ...stats, errorLimit: errorLimit.state(), rateLimits: rateLimits.remaining() }) };
}

export type EsiClient = ReturnType<typeof createEsiClient>;
