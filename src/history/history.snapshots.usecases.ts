/** Daily snapshots of corporations and alliances: the cron job that takes them and the panel their pages show. */
import { daysBefore, toUtcDay } from "../app/time.ts";
import type { Sql } from "../db/db.client.ts";
import { computeSnapshotDeltas } from "./history.snapshots.models.ts";
import { createSnapshotsRepository, type SnapshotKind } from "./history.snapshots.repository.ts";

/** The growth chart covers a year; the longest delta (30 days) needs far less. */
export const SNAPSHOT_CHART_DAYS = 365;

/** The snapshot of `now`'s UTC day (rows only for what changed); taken again the same day, it rewrites that day's rows. */
export async function takeSnapshots({ sql, now }: { sql: Sql; now: Date }) {
  const day = toUtcDay(now);
  return { day, entities: await createSnapshotsRepository({ sql }).upsertSnapshots({ day }) };
}

export async function loadSnapshotPanel({ sql, kind, id, now }: { sql: Sql; kind: SnapshotKind; id: number; now: Date }) {
  const snapshots = await createSnapshotsRepository({ sql }).listSnapshots({ kind, id, from: toUtcDay(daysBefore(now, SNAPSHOT_CHART_DAYS)) });
  return { snapshots, deltas: computeSnapshotDeltas({ snapshots, today: toUtcDay(now) }) };
}

export type SnapshotPanel = Awaited<ReturnType<typeof loadSnapshotPanel>>;
