/**
 * ESI's per-route bucket limits (UPSTREAMS c.2): answers name their group (`X-Ratelimit-Group`) and the tokens
 * left; an exhausted bucket answers 429 with `Retry-After`. The group of a route is learned from its answers,
 * and a 429 pauses every route of that group until Retry-After has passed.
 */
/** Stop sending on a group this many tokens before it is empty (a 4xx costs 5 tokens). */
export const RATE_LIMIT_TOKEN_MARGIN = 5;
const DEFAULT_RETRY_AFTER_MS = 5_000;
/** The window is floating, so without a Retry-After a nearly empty bucket is left alone this long. */
const LOW_BUCKET_PAUSE_MS = 1_000;

/** `/killmails/123/abc…/` and `/killmails/456/def…/` are one route. */
export const routeKeyOf = (path: string) =>
  path.split("?")[0]!.replace(/\/\d+/g, "/{id}").replace(/\/[0-9a-f]{40}/gi, "/{hash}").replace(/\/$/, "");

export function createRateLimitGroups({ now = Date.now }: { now?: () => number } = {}) {
  const groupOfRoute = new Map<string, string>();
  const pausedUntil = new Map<string, number>();
  const remaining = new Map<string, number>();

  function waitMs({ path }: { path: string }) {
    const group = groupOfRoute.get(routeKeyOf(path));
    if (!group) return 0;
    return Math.max(0, (pausedUntil.get(group) ?? 0) - now());
  }

  function observe({ path, status, headers }: { path: string; status: number; headers: Headers }) {
    const group = headers.get("x-ratelimit-group");
    if (!group) return;
    groupOfRoute.set(routeKeyOf(path), group);
    const left = headers.get("x-ratelimit-remaining");
    if (left !== null) remaining.set(group, Number(left));
    if (status === 429) {
      const retryAfter = Number(headers.get("retry-after"));
      const ms = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : DEFAULT_RETRY_AFTER_MS;
      pausedUntil.set(group, now() + ms);
    } else if (left !== null && Number(left) <= RATE_LIMIT_TOKEN_MARGIN) {
      pausedUntil.set(group, Math.max(pausedUntil.get(group) ?? 0, now() + LOW_BUCKET_PAUSE_MS));
    }
  }

  return { waitMs, observe, remaining: () => Object.fromEntries(remaining) };
}

export type RateLimitGroups = ReturnType<typeof createRateLimitGroups>;
