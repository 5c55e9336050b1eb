/**
 * Gap reconciliation: a day whose stored count is below zKillboard's `history/totals.json` has killmails the live
 * feeds missed (a crash between receiving and queueing, a flushed Redis, an outage longer than R2Z2 keeps its
 * sequence). The day's id → hash file names them; every id not stored yet is queued (NORMAL priority, `km-<id>`,
 * so a second run before the worker caught up queues nothing twice) and the next run finds no gap.
 */
import { toDayKey, type HistoryClient } from "./history.client.ts";
import { readHistoryEntries } from "./backfill.schemas.ts";
import type { BackfillSink } from "./backfill.usecases.ts";

/** Ids recorded per run at most; the counts stay exact beyond it. */
export const RECONCILE_RECORDED_IDS_MAX = 1_000;

export type DayGap = { day: string; expected: number; stored: number; missing: number };

export async function reconcileDays({ client, sink, days, storedPerDay, totals: given, signal }: {
  client: HistoryClient;
  /** zKillboard's totals when the caller already has them. */
  totals?: Record<string, number>;
  sink: BackfillSink;
  /** `YYYY-MM-DD` days to check. */
  days: string[];
  storedPerDay: Map<string, number>;
  signal?: AbortSignal;
}) {
  const totals = given ?? (await client.fetchTotals({ signal }));
  const gaps: DayGap[] = [];
  const ids: number[] = [];
  let queued = 0;
  let rejected = 0;
  for (const day of days) {
    if (signal?.aborted) break;
    const expected = totals[toDayKey(day)] ?? 0;
    const stored = storedPerDay.get(day) ?? 0;
    if (stored >= expected) continue;
    const { entries, rejections } = readHistoryEntries({ hashes: await client.fetchDayHashes({ day, signal }), bodies: {}, raw: false });
    for (const rejection of rejections) await sink.reject({ ...rejection, key: `history ${day} key ${JSON.stringify(rejection.key)}` });
    const existing = await sink.findExistingIds({ killmailIds: entries.map((entry) => entry.killmailId) });
    const missing = entries.filter((entry) => !existing.has(entry.killmailId));
    const handed = missing.length ? await sink.handOff({ entries: missing }) : { rejected: 0 };
    queued += missing.length - handed.rejected;
    rejected += rejections.length + handed.rejected;
    ids.push(...missing.slice(0, Math.max(0, RECONCILE_RECORDED_IDS_MAX - ids.length)).map((entry) => entry.killmailId));
    gaps.push({ day, expected, stored, missing: missing.length });
  }
  return { daysChecked: days.length, daysWithGaps: gaps.length, queued, rejected, gaps, ids };
}

/** Days (of `totals`) whose stored count is below zKillboard's: what the weekly full reconciliation walks. */
export function listShortDays({ totals, storedPerDay }: { totals: Record<string, number>; storedPerDay: Map<string, number> }) {
  return Object.entries(totals)
    .map(([key, expected]) => ({ day: `${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}`, expected }))
    .filter(({ day, expected }) => /^\d{4}-\d{2}-\d{2}$/.test(day) && (storedPerDay.get(day) ?? 0) < expected)
    .map(({ day }) => day)
    .sort();
}
