/**
 * Ingest outcome counters, summed in memory and written once per interval: one upsert per job would make every
 * concurrent job wait on the same (day, source, outcome) row lock. A crash loses at most one interval of
 * counts — they are diagnostics for `debug check-data`, never the record of what was stored.
 */
import type { IngestOutcome, IngestRepository } from "./ingest.repository.ts";

export const OUTCOME_FLUSH_EVERY_MS = 1_000;

export function createOutcomeRecorder({ repository, flushEveryMs = OUTCOME_FLUSH_EVERY_MS }: { repository: IngestRepository; flushEveryMs?: number }) {
  const pending = new Map<string, { source: string; outcome: IngestOutcome; count: number; reason: string | null }>();
  let flushing = Promise.resolve();

  async function flush() {
    const rows = [...pending.values()];
    pending.clear();
    for (const row of rows) await repository.recordOutcome({ ...row });
  }

  const timer = setInterval(() => {
    flushing = flushing.then(flush).catch(() => {});
  }, flushEveryMs);

  return {
    async record({ source, outcome, reason }: { source: string; outcome: IngestOutcome; reason?: string }) {
      const key = `${source}\u0000${outcome}`;
      const row = pending.get(key) ?? { source, outcome, count: 0, reason: null };
      row.count++;
      if (reason) row.reason = reason;
      pending.set(key, row);
    },
    async close() {
      clearInterval(timer);
      await flushing;
      await flush();
    },
  };
}
