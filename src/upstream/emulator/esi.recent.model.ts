/** The body of ESI's killmails/recent routes: 90 days of `{killmail_hash, killmail_id}`, newest first, each kill once. */
import type { EmulatorRecord } from "./dataset.ts";

// The route's description: "kills and losses going back 90 days" (OpenAPI GetCharactersCharacterIdKillmailsRecent).
export const RECENT_WINDOW_MS = 90 * 86_400_000;

export function listRecentKillmails({ records, nowMs }: { records: EmulatorRecord[]; nowMs: number }) {
  const cutoff = nowMs - RECENT_WINDOW_MS;
  const unique = new Map(records.map((record) => [record.killmail_id, record]));
  return [...unique.values()]
    .filter((record) => Date.parse(record.killmail_time) >= cutoff)
    .sort((a, b) => (a.killmail_time < b.killmail_time ? 1 : a.killmail_time > b.killmail_time ? -1 : b.killmail_id - a.killmail_id))
    .map((record) => ({ killmail_hash: record.hash, killmail_id: record.killmail_id }));
}
