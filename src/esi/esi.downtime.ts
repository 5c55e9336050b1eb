/**
 * Tranquility goes down daily at 11:00 UTC; during downtime ESI answers 5xx (errors that spend the error budget)
 * or stale data. Inside the window around it, callers wait until `/status` shows a server started in this
 * window (a fresh restart) and not in VIP mode. Outside the window no `/status` call is made at all.
 */
export const DOWNTIME_WINDOW_START_UTC_MIN = 10 * 60 + 58;
export const DOWNTIME_WINDOW_END_UTC_MIN = 11 * 60 + 30;
export const DOWNTIME_STATUS_POLL_MS = 30_000;

export type ServerStatus = { ok: boolean; startTime: number | null; vip: boolean };

function windowStart({ now }: { now: number }) {
  const date = new Date(now);
  const minutes = date.getUTCHours() * 60 + date.getUTCMinutes();
  if (minutes < DOWNTIME_WINDOW_START_UTC_MIN || minutes >= DOWNTIME_WINDOW_END_UTC_MIN) return null;
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) + DOWNTIME_WINDOW_START_UTC_MIN * 60_000;
}

export function createDowntimeGate({ fetchStatus, now = Date.now }: {
  fetchStatus: () => Promise<ServerStatus>;
  now?: () => number;
}) {
  let checkedAt = -Infinity;
  let upSince: number | null = null;

  /** Milliseconds to wait before calling ESI; 0 outside the window or once the server is back. */
  async function waitMs(): Promise<number> {
    const start = windowStart({ now: now() });
    if (start === null || (upSince !== null && upSince >= start)) return 0;
    if (now() - checkedAt < DOWNTIME_STATUS_POLL_MS) return DOWNTIME_STATUS_POLL_MS - (now() - checkedAt);
    checkedAt = now();
    const status = await fetchStatus().catch((): ServerStatus => ({ ok: false, startTime: null, vip: false }));
    if (status.ok && !status.vip && status.startTime !== null && status.startTime >= start) {
      upSince = status.startTime;
      return 0;
    }
    return DOWNTIME_STATUS_POLL_MS;
  }

  return { waitMs };
}
