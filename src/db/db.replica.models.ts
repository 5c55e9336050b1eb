/**
 * Whether a streaming replica may serve reads. Lag is measured in WAL, not by the replica's last replay
 * timestamp: on an idle primary that timestamp only ages, and a replica with nothing to replay would look behind.
 * The monitor samples the primary's WAL position with the time it was read; the replica is at most as far behind
 * as the newest sample it has replayed past, so the estimate errs towards "too far behind" (reads go to the primary).
 */

/** The primary's WAL position (`pg_current_wal_lsn()`) at a moment of the monitor's clock. */
export type WalSample = { atMs: number; lsn: bigint };

export type ReplicaState = { usable: boolean; lagMs: number | null; reason: string };

/** `16/B374D848` → a number that orders like the position. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text);
  if (!match) throw new Error(`not a WAL position: ${text}`);
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

/** Milliseconds the replica may be behind; null when there is no sample to judge by yet. */
export function estimateLagMs({ samples, replayed, nowMs }: { samples: readonly WalSample[]; replayed: bigint; nowMs: number }): number | null {
  if (!samples.length) return null;
  let caughtUpTo: WalSample | undefined;
  for (const sample of samples) if (sample.lsn <= replayed) caughtUpTo = sample;
  if (caughtUpTo === samples.at(-1)) return 0;
  // Everything written before `caughtUpTo` is there; what is missing was written after it (or before the oldest sample).
  return nowMs - (caughtUpTo ?? samples[0]!).atMs;
}

/** Keeps the samples an estimate within `keepMs` can need: the last one older than the window and all newer ones. */
export function pruneSamples({ samples, nowMs, keepMs }: { samples: readonly WalSample[]; nowMs: number; keepMs: number }): WalSample[] {
  const firstInWindow = samples.findIndex((sample) => nowMs - sample.atMs <= keepMs);
  if (firstInWindow === -1) return samples.slice(-1);
  return samples.slice(Math.max(0, firstInWindow - 1));
}

/** The decision for one check of the replica. */
export function judgeReplica({ inRecovery, lagMs, maxLagMs }: { inRecovery: boolean; lagMs: number | null; maxLagMs: number }): ReplicaState {
  // A promoted replica no longer follows the primary: what it holds only grows older.
  if (!inRecovery) return { usable: false, lagMs, reason: "not in recovery (promoted?)" };
  if (lagMs === null) return { usable: false, lagMs, reason: "lag not known yet" };
  if (lagMs > maxLagMs) return { usable: false, lagMs, reason: `${lagMs} ms behind (limit ${maxLagMs} ms)` };
  return { usable: true, lagMs, reason: "streaming" };
}
