/** Time units and UTC-day arithmetic shared by every module. Pure; `sleep` is the one helper that waits. */

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

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

/** parseUtcDay for zKillboard's `YYYYMMDD` (history file names): `20231301` is refused, not read as 2024-01-01. */
export const parseCompactUtcDay = (text: string) =>
  (/^\d{8}$/.test(text) ? parseUtcDay(`${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}`) : null);

/** Every `YYYY-MM-DD` from `from` to `to`, both included (none when `to` is before `from`). */
export function listUtcDays({ from, to }: { from: string; to: string }) {
  const days: string[] = [];
  for (let time = Date.parse(`${from}T00:00:00Z`); time <= Date.parse(`${to}T00:00:00Z`); time += DAY_MS) days.push(toUtcDay(new Date(time)));
  return days;
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
