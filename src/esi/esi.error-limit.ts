/**
 * ESI's error limit is global per source IP: 100 non-2xx/3xx answers per fixed window, then 420 on every route
 * (UPSTREAMS c.2). So a 420 pauses every caller, and callers stop *before* the budget is spent: a request is
 * only sent while `remain - inFlight` stays above a safety margin, because each in-flight request may fail too.
 *
 * State lives in-process; `shared` (a Redis key) carries the pause to the other processes on the same host,
 * since they spend the same per-IP budget. Without it N workers could each spend the last errors in parallel.
 */
export const ESI_ERROR_LIMIT_MARGIN = 10;
/** When ESI sends no reset header with a 420, wait a whole window (the window is 60 s). */
export const ESI_ERROR_WINDOW_MS = 60_000;
const SHARED_READ_EVERY_MS = 200;

export type SharedPause = { read: () => Promise<number>; write: (until: number) => Promise<void> };

export function createErrorLimitGate({ now = Date.now, margin = ESI_ERROR_LIMIT_MARGIN, shared }: {
  now?: () => number;
  margin?: number;
  shared?: SharedPause;
} = {}) {
  let remain: number | null = null;
  let resetAt = 0;
  let pausedUntil = 0;
  let inFlight = 0;
  let sharedUntil = 0;
  let sharedReadAt = -Infinity;

  async function refreshShared() {
    if (!shared || now() - sharedReadAt < SHARED_READ_EVERY_MS) return;
    sharedReadAt = now();
    sharedUntil = await shared.read().catch(() => sharedUntil);
  }

  /** Milliseconds to wait before a request may be sent; 0 = go (and the slot is taken). */
  async function tryAcquire(): Promise<number> {
    await refreshShared();
    const t = now();
    if (t >= resetAt) remain = null;
    const until = Math.max(pausedUntil, sharedUntil);
    if (t < until) return until - t;
    if (remain !== null && remain - inFlight <= margin) return Math.max(1, resetAt - t);
    inFlight++;
    return 0;
  }

  function pause(until: number) {
    pausedUntil = Math.max(pausedUntil, until);
    void shared?.write(pausedUntil).catch(() => {});
  }

  /** Feeds one answer back: frees the slot and learns the budget from its headers. */
  function observe({ status, headers }: { status: number; headers: Headers | null }) {
    inFlight = Math.max(0, inFlight - 1);
    const remainHeader = headers?.get("x-esi-error-limit-remain");
    const resetHeader = headers?.get("x-esi-error-limit-reset");
    const resetMs = resetHeader ? Number(resetHeader) * 1000 : null;
    if (remainHeader !== null && remainHeader !== undefined && resetMs !== null && Number.isFinite(resetMs)) {
      // Answers can arrive out of order: inside one window the budget only shrinks, so keep the lowest seen.
      const sameWindow = remain !== null && now() < resetAt;
      remain = sameWindow ? Math.min(remain!, Number(remainHeader)) : Number(remainHeader);
      resetAt = sameWindow ? Math.max(resetAt, now() + resetMs) : now() + resetMs;
      if (remain <= margin) pause(resetAt);
    }
    if (status === 420) pause(now() + (resetMs ?? ESI_ERROR_WINDOW_MS));
  }

  const release = () => void (inFlight = Math.max(0, inFlight - 1));
  return { tryAcquire, observe, release, state: () => ({ remain, resetAt, pausedUntil, inFlight }) };
}

export type ErrorLimitGate = ReturnType<typeof createErrorLimitGate>;
