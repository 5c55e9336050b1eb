/**
 * A wake-up between loops sharing state in one process (the R2Z2 reader and its hand-off): a loop that finds
 * nothing to do waits for the next `notify`. Waiting registers synchronously, so a change made after a loop
 * looked and before it waits cannot happen (one thread) and no wake-up is lost.
 */
export function createChanges() {
  let waiters: (() => void)[] = [];
  return {
    notify() {
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
    },
    /** Resolves at the next `notify`, after `timeoutMs` when given (> 0), or when `signal` aborts. */
    wait({ signal, timeoutMs }: { signal: AbortSignal; timeoutMs?: number }) {
      return new Promise<void>((resolve) => {
        if (signal.aborted) return resolve();
        const timer = timeoutMs !== undefined && timeoutMs > 0 ? setTimeout(done, timeoutMs) : undefined;
        waiters.push(done);
        signal.addEventListener("abort", done, { once: true });
        function done() {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          waiters = waiters.filter((waiter) => waiter !== done);
          resolve();
        }
      });
    },
  };
}

export type Changes = ReturnType<typeof createChanges>;
