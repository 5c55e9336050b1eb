/**
 * The retained window (LIVE_RETENTION_DAYS): the live feeds replay and serve only numbers stored within it, so a
 * client back from a long absence, or one asking from 1 on a board holding years of backfill, is told where the
 * window starts instead of being streamed the archive. The archive is `/api/v1/killmails`' job.
 */
import { DAY_MS } from "../app/time.ts";
import type { LiveRepository } from "../live/live.repository.ts";

export const retentionStart = ({ retentionDays, now }: { retentionDays: number; now: Date }) => new Date(now.getTime() - retentionDays * DAY_MS);

/** Where a resume after `after` really starts, and the numbers skipped when they are older than the window. */
export async function resolveResume({ repository, after, retentionDays, now }: {
  repository: LiveRepository; after: number; retentionDays: number; now: Date;
}): Promise<{ after: number; skipped: { from: number; to: number } | null }> {
  const first = await repository.readFirstSince({ since: retentionStart({ retentionDays, now }) });
  // Nothing stored within the window: every number up to the head is outside it.
  const windowStart = first ?? (await repository.readHead()) + 1;
  if (after + 1 >= windowStart) return { after, skipped: null };
  return { after: windowStart - 1, skipped: { from: after + 1, to: windowStart - 1 } };
}
