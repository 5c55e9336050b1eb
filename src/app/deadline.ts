/**
 * Bounds a start-up probe: a server that accepts the TCP connection but never answers would otherwise keep a
 * command waiting forever. The probe itself is not cancelled; the caller closes what it opened.
 */
export async function withDeadline<T>({ promise, ms, message }: { promise: Promise<T>; ms: number; message: string }): Promise<T> {
  let timer: Timer | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  // A probe that fails after the deadline must not surface later as an unhandled rejection.
  promise.catch(() => {});
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * An abort signal that fires after `ms` or when `signal` does, for a request's whole life (headers and body).
 * A plain timer owns the controller, so the deadline fires however long the request hangs: a drill caught
 * `AbortSignal.any([AbortSignal.timeout(ms), …])` never firing on a fetch that hung, which stalled a listener
 * with no error. `clear()` once the request is done, so no timer outlives it.
 */
export function createRequestDeadline({ ms, signal }: { ms: number; signal?: AbortSignal }) {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${ms} ms`, "TimeoutError")), ms);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    clear() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    },
  };
}
