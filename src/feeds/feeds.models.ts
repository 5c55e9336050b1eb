/**
 * Our stored killmails in the shapes other tools already parse (pure): zKillboard's R2Z2 record and RedisQ
 * package (UPSTREAMS a.2, a.4) and EVE-KILL's feed items (d.1); ESI + zkb is killmail.zkb.ts' toKillmailJson. The ESI body
 * is spliced in as stored text, never re-serialised, so it reaches clients exactly as ESI wrote it.
 */
import type { LiveRecord } from "../live/live.types.ts";

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** `/ephemeral/<n>.json`: `uploaded_at` is when we stored it, `sequence_id` our live sequence. */
export function toR2z2RecordJson(record: LiveRecord) {
  return `{"killmail_id":${record.killmailId},"hash":${JSON.stringify(record.hash)},"esi":${record.esiText},` +
    `"zkb":${JSON.stringify(record.zkb)},"uploaded_at":${epochSeconds(record.storedAt)},"sequence_id":${record.sequence}}`;
}

/** RedisQ's package with the killmail embedded (the pre-2025-12 shape): a follower needs no ESI round trip. */
export function toRedisqPackageJson(record: LiveRecord | null) {
  if (!record) return `{"package":null}`;
  return `{"package":{"killID":${record.killmailId},"killmail":${record.esiText},"zkb":${JSON.stringify(record.zkb)}}}`;
}

/** One `/feed/poll` item (Shrike internal/api/feed.go): `data` is the ESI killmail. */
export function toFeedPollItemJson(record: LiveRecord) {
  return `{"seq":${record.sequence},"killmail_id":${record.killmailId},"killmail_hash":${JSON.stringify(record.hash)},"data":${record.esiText}}`;
}

/** `/feed/poll`'s paging links, relative like Shrike's. */
export const feedPollUrl = ({ after, limit }: { after: number; limit: number }) => `/feed/poll?after=${after}&limit=${limit}`;
