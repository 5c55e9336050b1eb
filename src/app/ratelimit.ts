/**
 * Per-client token buckets, in process: `take` spends a token when one is left. The HTTP middleware
 * (web/web.ratelimit.ts) and GraphQL's WebSocket each keep one, with the same budget.
 */
export type RateLimitOptions = {
  capacity: number;
  refillPerSecond: number;
  /** True only behind Fly's proxy (config TRUST_PROXY_HEADER). */
  trustProxyHeader?: boolean;
  /** Buckets kept; past this the least recently seen client is forgotten (its bucket has refilled the longest). */
  maxClients?: number;
  now?: () => number;
};

const MAX_CLIENTS = 50_000;

export function createTokenBuckets({ capacity, refillPerSecond, maxClients = MAX_CLIENTS, now = () => Date.now() }: Omit<RateLimitOptions, "trustProxyHeader">) {
  // Insertion order is recency order: each request moves its bucket to the end, so the first key is the stalest.
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    capacity,
    take({ key }: { key: string }) {
      const time = now();
      const bucket = buckets.get(key) ?? { tokens: capacity, at: time };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((time - bucket.at) / 1000) * refillPerSecond);
      bucket.at = time;
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!);
      const resetSeconds = Math.ceil((capacity - bucket.tokens) / refillPerSecond);
      if (bucket.tokens < 1) return { allowed: false, remaining: 0, resetSeconds, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerSecond)) };
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens), resetSeconds, retryAfterSeconds: 0 };
    },
  };
}
export type TokenBuckets = ReturnType<typeof createTokenBuckets>;
