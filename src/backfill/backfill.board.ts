/**
 * `killboard backfill board`: BOARD_ENTITIES' history from zKillboard's per-entity API, page after page (newest
 * first) until a page comes back empty, each id+hash handed to the same sink as the daily history files. Nothing
 * is kept between runs: a rerun walks the pages again and skips what is stored (killmail_ids), and BullMQ drops
 * a job whose `km-<id>` is still queued.
 */
import type { BackfillSink } from "./backfill.usecases.ts";
import { readEntityPage } from "./backfill.schemas.ts";
import type { HistoryClient } from "./history.client.ts";
import type { BoardEntity, BoardKind } from "../board/board.models.ts";

/** zKillboard's API names its filters `characterID`, `corporationID`, `allianceID`. */
const MODIFIER_OF: Record<BoardKind, string> = { character: "characterID", corporation: "corporationID", alliance: "allianceID" };
/** A safety stop far past any real history (1,000 per page); zKillboard itself caps the page number lower. */
export const BOARD_MAX_PAGES = 10_000;

export type BoardBackfillProgress = { entity: string; page: number; listed: number; handedOff: number; skipped: number; rejected: number };

export async function runBoardBackfill({ client, sink, apiBaseUrl, entities, maxPages = BOARD_MAX_PAGES, signal, onProgress }: {
  client: Pick<HistoryClient, "fetchEntityPage">; sink: BackfillSink; apiBaseUrl: string; entities: readonly BoardEntity[];
  maxPages?: number; signal?: AbortSignal; onProgress?: (progress: BoardBackfillProgress) => void;
}) {
  const progress: BoardBackfillProgress = { entity: "", page: 0, listed: 0, handedOff: 0, skipped: 0, rejected: 0 };
  // Entities of one board share kills (a member's kills are its corporation's): each is handed off once per run.
  const seen = new Set<number>();
  for (const entity of entities) {
    progress.entity = `${entity.kind}:${entity.id}`;
    for (let page = 1; page <= maxPages && !signal?.aborted; page++) {
      const json = await client.fetchEntityPage({ apiBaseUrl, modifier: MODIFIER_OF[entity.kind], id: entity.id, page, signal });
      const { entries, rejections } = readEntityPage({ json, key: `${progress.entity} page ${page}` });
      for (const rejection of rejections) await sink.reject(rejection);
      progress.rejected += rejections.length;
      // An empty page is the end; so is one that is not a list at all (an error answer), after saying so.
      if (!entries.length && (!rejections.length || !Array.isArray(json))) break;
      const unseen = entries.filter((entry) => !seen.has(entry.killmailId));
      for (const entry of unseen) seen.add(entry.killmailId);
      const existing = await sink.findExistingIds({ killmailIds: unseen.map((entry) => entry.killmailId) });
      const fresh = unseen.filter((entry) => !existing.has(entry.killmailId));
      const { rejected } = fresh.length ? await sink.handOff({ entries: fresh }) : { rejected: 0 };
      Object.assign(progress, {
        page, listed: progress.listed + unseen.length + rejections.length, handedOff: progress.handedOff + fresh.length - rejected,
        skipped: progress.skipped + existing.size, rejected: progress.rejected + rejected,
      });
      onProgress?.(progress);
    }
  }
  return progress;
}
