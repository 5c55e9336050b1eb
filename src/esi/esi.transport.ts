/**
 * One ESI exchange behind every gate: daily downtime, the route's rate-limit group, then a slot of the global
 * error budget. The answer is fed back to the gates before anyone looks at it, so the next caller already
 * sees a 420's pause or a group's Retry-After. Classifies the answer; retrying is the client's business.
 */
import { sleep } from "../app/time.ts";
import type { EsiMetrics } from "../metrics/metrics.esi.ts";
import { createDowntimeGate } from "./esi.downtime.ts";
import type { ErrorLimitGate } from "./esi.error-limit.ts";
import { EsiError } from "./esi.errors.ts";
import type { RateLimitGroups } from "./esi.rate-limit.ts";
import { createRequestDeadline } from "../app/deadline.ts";

/** The compatibility date of the OpenAPI spec the routes were written against (UPSTREAMS c.1). */
const COMPATIBILITY_DATE = "2026-08-04";

/**
 * `accessToken`: an SSO access token for an authenticated route (never cached, never logged). `etag`: the caller's
 * own ETag of an uncached route; a 304 then comes back as it is.
 */
export type EsiRequest = {
  method?: "GET" | "POST"; path: string; body?: unknown; cache?: boolean; signal?: AbortSignal; accessToken?: string; etag?: string;
};
/** `emulated`: the upstream emulator's `X-Emulated` header, kept through the cache (the real ESI never sends it). */
export type EsiAnswer<T> = { status: number; data: T; headers: Headers | null; cached: boolean; emulated?: string | null };
export type EsiOutcome<T> = { kind: "answer"; answer: EsiAnswer<T> } | { kind: "limited" | "retry" | "fail"; error: EsiError };
export type EsiStats = { requests: number; errors: number; limitWaits: number; cacheHits: number };

export function createEsiTransport({ baseUrl, userAgent, timeoutMs, errorLimit, rateLimits, stats, now, metrics }: {
  baseUrl: string; userAgent: string; timeoutMs: number; errorLimit: ErrorLimitGate; rateLimits: RateLimitGroups; stats: EsiStats; now: () => number;
  metrics?: Pick<EsiMetrics, "countRequest">;
}) {
  const downtime = createDowntimeGate({ now, fetchStatus: fetchServerStatus });

  async function fetchServerStatus() {
    const response = await fetch(new URL("/status/", baseUrl), { headers: { "User-Agent": userAgent }, signal: AbortSignal.timeout(timeoutMs) });
    const body = response.ok ? ((await response.json()) as { start_time?: string; vip?: boolean }) : {};
    return { ok: response.ok, startTime: body.start_time ? Date.parse(body.start_time) : null, vip: body.vip === true };
  }

  async function waitForGates(request: EsiRequest) {
    for (;;) {
      const gateMs = Math.max(await downtime.waitMs(), rateLimits.waitMs({ path: request.path }));
      const ms = gateMs > 0 ? gateMs : await errorLimit.tryAcquire();
      if (ms === 0) return;
      stats.limitWaits++;
      await sleep(ms, request.signal);
      if (request.signal?.aborted) throw request.signal.reason ?? new Error("aborted");
    }
  }

  async function send(request: EsiRequest, etag: string | null) {
    await waitForGates(request);
    stats.requests++;
    const headers: Record<string, string> = { "User-Agent": userAgent, Accept: "application/json", "X-Compatibility-Date": COMPATIBILITY_DATE };
    if (request.body !== undefined) headers["Content-Type"] = "application/json";
    if (etag) headers["If-None-Match"] = etag;
    if (request.accessToken) headers.Authorization = `Bearer ${request.accessToken}`;
    // Not cleared: the caller reads the body after this returns, and the deadline covers that too.
    const { signal } = createRequestDeadline({ ms: timeoutMs, signal: request.signal });
    try {
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      const response = await fetch(new URL(request.path, baseUrl), { method: request.method ?? "GET", headers, body, signal });
      errorLimit.observe({ status: response.status, headers: response.headers });
      rateLimits.observe({ path: request.path, status: response.status, headers: response.headers });
      if (response.status >= 400) stats.errors++;
      metrics?.countRequest({ status: response.status });
      return response;
    } catch (error) {
      errorLimit.release();
      metrics?.countRequest({ status: "error" });
      throw error;
    }
  }

  /** One attempt: an answer, or why not (420/429 → wait and retry; 5xx/timeout → retry; other 4xx → fail). */
  async function sendOnce<T>({ request, etag }: { request: EsiRequest; etag: string | null }): Promise<EsiOutcome<T>> {
    let response: Response;
    try {
      response = await send(request, etag);
    } catch (error) {
      if (request.signal?.aborted) throw error;
      return { kind: "retry", error: new EsiError({ httpStatus: 0, path: request.path, message: (error as Error).message }) };
    }
    if (response.status === 304) return { kind: "answer", answer: { status: 304, data: undefined as T, headers: response.headers, cached: true } };
    const text = await response.text();
    if (response.ok) return { kind: "answer", answer: { status: response.status, data: (text ? JSON.parse(text) : null) as T, headers: response.headers, cached: false } };
    const error = new EsiError({ httpStatus: response.status, path: request.path, message: text.slice(0, 200) });
    if (response.status === 420 || response.status === 429) return { kind: "limited", error };
    return { kind: response.status >= 500 ? "retry" : "fail", error };
  }

  return { sendOnce };
}
