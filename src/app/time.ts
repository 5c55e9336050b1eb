/** Time units and UTC-day arithmetic shared by every module. Pure; `sleep` is the one helper that waits. */

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The instant `days` days before `now`. */
export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** Midnight UTC of the day `date` falls in. */
export const startOfUtcDay = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));

/** `YYYY-MM-DD` of the UTC day `date` falls in. */
export const toUtcDay = (date: Date) => date.toISOString().slice(0, 10);

/** The UTC day `[from, to)` named by `YYYY-MM-DD`, or null when that is not a real calendar day. */
export function parseUtcDay(text: string): { from: Date; to: Date } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const from = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (toUtcDay(from) !== text) return null;
  return { from, to: new Date(from.getTime() + DAY_MS) };
}

/** Resolves after `ms`, or early when `signal` aborts; never rejects. */
export function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
