/**
 * ESI's two limits (UPSTREAMS c.2). The error limit is global per client and a fixed window: 100 non-2xx/3xx
 * answers per minute, then 420 on every route until the window resets. Bucket-limited routes (killmail,
 * status, ...) instead spend tokens in a floating window (2XX = 2, 3XX = 1, 4XX = 5, 5XX = 0) and answer 429
 * with Retry-After when empty; on those routes the error-limit headers are absent ("mutually exclusive").
 */

export type BucketGroup = { name: string; maxTokens: number; windowMs: number; label: string };

const FIFTEEN_MINUTES_MS = 15 * 60_000;
// OpenAPI `x-rate-limit` of the routes we serve.
export const BUCKET_GROUPS: Record<string, BucketGroup> = {
  killmail: { name: "killmail", maxTokens: 3600, windowMs: FIFTEEN_MINUTES_MS, label: "3600/15m" },
  status: { name: "status", maxTokens: 600, windowMs: FIFTEEN_MINUTES_MS, label: "600/15m" },
  "char-killmail": { name: "char-killmail", maxTokens: 30, windowMs: FIFTEEN_MINUTES_MS, label: "30/15m" },
  "corp-killmail": { name: "corp-killmail", maxTokens: 30, windowMs: FIFTEEN_MINUTES_MS, label: "30/15m" },
};
export const ERROR_LIMIT = 100;

export const tokenCost = (status: number) => (status >= 500 ? 0 : status >= 400 ? (status === 429 ? 0 : 5) : status >= 300 ? 1 : 2);

export function createEsiLimits({ errorLimit = ERROR_LIMIT, errorWindowMs = 60_000, groups = BUCKET_GROUPS, now = Date.now }: {
  errorLimit?: number;
  errorWindowMs?: number;
  groups?: Record<string, BucketGroup>;
  now?: () => number;
} = {}) {
  const errors = new Map<string, { windowStart: number; count: number }>();
  const spends = new Map<string, { at: number; cost: number }[]>();
  let stormUntil = 0;

  // The window opens with the first error and lasts `errorWindowMs`; it does not slide (a fixed window).
  function errorWindow({ client, opening }: { client: string; opening: boolean }) {
    const current = errors.get(client);
    if (current && current.windowStart + errorWindowMs > now()) return current;
    const fresh = { windowStart: now(), count: 0 };
    if (opening) errors.set(client, fresh);
    else errors.delete(client);
    return fresh;
  }

  function errorState(client: string) {
    const window = errorWindow({ client, opening: false });
    const storm = stormUntil > now();
    const remain = storm ? 0 : Math.max(0, errorLimit - window.count);
    const resetMs = storm ? stormUntil - now() : window.windowStart + errorWindowMs - now();
    return { remain, resetSeconds: Math.max(1, Math.ceil(resetMs / 1000)), limited: remain === 0 };
  }

  function bucketState({ group, client }: { group: BucketGroup; client: string }) {
    const key = `${group.name}:${client}`;
    const cutoff = now() - group.windowMs;
    const live = (spends.get(key) ?? []).filter((spend) => spend.at > cutoff);
    spends.set(key, live);
    const used = live.reduce((sum, spend) => sum + spend.cost, 0);
    const retryAfterMs = live.length ? live[0]!.at + group.windowMs - now() : 0;
    return { used, remaining: Math.max(0, group.maxTokens - used), retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
  }

  return {
    groups,
    errorState,
    recordError: (client: string) => void errorWindow({ client, opening: true }).count++,
    /** 420 storm: the error limit reads exhausted for `ms`, whatever the counts. */
    startStorm: (ms: number) => void (stormUntil = now() + ms),
    bucketState,
    spend({ group, client, cost }: { group: BucketGroup; client: string; cost: number }) {
      const key = `${group.name}:${client}`;
      if (cost > 0) spends.set(key, [...(spends.get(key) ?? []), { at: now(), cost }]);
      return bucketState({ group, client });
    },
  };
}

export type EsiLimits = ReturnType<typeof createEsiLimits>;
