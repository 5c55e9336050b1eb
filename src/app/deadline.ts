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
