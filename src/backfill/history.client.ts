/**
 * zKillboard's daily history files on R2 (UPSTREAMS b.1): `history/YYYYMMDD.json` ({id: hash}),
 * `history/raw/YYYYMMDD.json` ({id: ESI killmail}, since 2026-07) and `history/totals.json` ({YYYYMMDD: n}).
 * A day file that does not exist (404) is a day without kills, not an error. BOARD_ENTITIES' history comes from
 * zKillboard's per-entity API instead (`https://zkillboard.com/api/allianceID/<id>/page/<n>/`).
 */
import { sleep } from "../app/time.ts";
import { createRequestDeadline } from "../app/deadline.ts";

export const HISTORY_TIMEOUT_MS = 60_000;
const HISTORY_ATTEMPTS = 5;

export const toDayKey = (day: string) => day.replaceAll("-", "");

export function createHistoryClient({ baseUrl, userAgent, timeoutMs = HISTORY_TIMEOUT_MS }: { baseUrl: string; userAgent: string; timeoutMs?: number }) {
  async function getJson<T>(path: string, signal?: AbortSignal): Promise<T | null> {
    for (let attempt = 1; ; attempt++) {
      const deadline = createRequestDeadline({ ms: timeoutMs, signal });
      try {
        const response = await fetch(new URL(path, baseUrl), { headers: { "User-Agent": userAgent, Accept: "application/json" }, signal: deadline.signal });
        if (response.status === 404) return null;
        if (response.ok) return (await response.json()) as T;
        if (response.status < 500 && response.status !== 429) throw new Error(`${path}: HTTP ${response.status}`);
        if (attempt >= HISTORY_ATTEMPTS) throw new Error(`${path}: HTTP ${response.status} after ${attempt} attempts`);
      } catch (error) {
        if (signal?.aborted || attempt >= HISTORY_ATTEMPTS || (error as Error).message.startsWith(path)) throw error;
      } finally {
        deadline.clear();
      }
      await sleep(1_000 * 2 ** (attempt - 1), signal);
    }
  }

  return {
    fetchTotals: async ({ signal }: { signal?: AbortSignal } = {}) => (await getJson<Record<string, number>>("/history/totals.json", signal)) ?? {},
    /** `{killmail_id: hash}` of one UTC day (YYYY-MM-DD). */
    fetchDayHashes: async ({ day, signal }: { day: string; signal?: AbortSignal }) =>
      (await getJson<Record<string, string>>(`/history/${toDayKey(day)}.json`, signal)) ?? {},
    /** One page of an entity's kills and losses from zKillboard's API (newest first; `[]` past the end), unchecked. */
    fetchEntityPage: async ({ apiBaseUrl, modifier, id, page, signal }: { apiBaseUrl: string; modifier: string; id: number; page: number; signal?: AbortSignal }) =>
      (await getJson<unknown>(`${apiBaseUrl.replace(/\/+$/, "")}/${modifier}/${id}/page/${page}/`, signal)) ?? [],
    /** `{killmail_id: ESI killmail}` of one UTC day (YYYY-MM-DD). */
    fetchDayBodies: async ({ day, signal }: { day: string; signal?: AbortSignal }) =>
      (await getJson<Record<string, unknown>>(`/history/raw/${toDayKey(day)}.json`, signal)) ?? {},
  };
}

export type HistoryClient = ReturnType<typeof createHistoryClient>;
