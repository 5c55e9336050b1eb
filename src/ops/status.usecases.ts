/**
 * The deployment at a glance, for `killboard status` and `/admin`: which role processes are alive (heartbeats),
 * how far each feed cursor is behind, queue depths and failures, and the recent days whose stored count differs
 * from zKillboard's totals. Upstream figures are read with a short deadline and become null ("unknown") when
 * zKillboard does not answer: the status of our own stack must not wait on theirs.
 */
import type { Queue } from "bullmq";
import { DAY_MS, startOfUtcDay, toUtcDay } from "../app/time.ts";
import { createBackfillRepository } from "../backfill/backfill.repository.ts";
import type { Sql } from "../db/db.client.ts";
import type { BoardEntity } from "../board/board.models.ts";
import type { RedisClient } from "../redis/redis.client.ts";
import { compareDays, summarizeComparison } from "./check-data.usecases.ts";
import { listHeartbeats } from "./heartbeat.ts";
import { readQueueStats } from "./queue.ops.ts";
import { createStatusRepository } from "./status.repository.ts";

/** Recent complete UTC days compared with totals.json; the whole history is `killboard debug check-data`'s job. */
export const STATUS_GAP_DAYS = 30;
export const STATUS_UPSTREAM_TIMEOUT_MS = 4_000;

/** The two upstream reads, as narrow ports so tests and the CLI pass real clients with their own base URL. */
export type StatusUpstream = {
  fetchHeadSequence: (options: { signal: AbortSignal }) => Promise<number>;
  fetchTotals: (options: { signal: AbortSignal }) => Promise<Record<string, number>>;
};

const reasonOf = ({ error, timeoutMs }: { error: unknown; timeoutMs: number }) => {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return `no answer within ${timeoutMs} ms`;
  return error instanceof Error ? error.message : String(error);
};

type Deadline = { timeoutMs: number };

async function readUpstream<T>({ read, timeoutMs }: Deadline & { read: (options: { signal: AbortSignal }) => Promise<T> }) {
  try {
    return { value: await read({ signal: AbortSignal.timeout(timeoutMs) }), error: null };
  } catch (error) {
    return { value: null, error: reasonOf({ error, timeoutMs }) };
  }
}

async function readFeeds({ sql, upstream, now, timeoutMs }: Deadline & { sql: Sql; upstream: StatusUpstream; now: Date }) {
  const [cursors, head] = await Promise.all([createStatusRepository({ sql }).listCursors(), readUpstream({ read: upstream.fetchHeadSequence, timeoutMs })]);
  return cursors.map(({ feed, cursor, updatedAt }) => {
    const position = /^\d+$/.test(cursor) ? Number(cursor) : null;
    const isR2z2 = feed === "r2z2" && position !== null;
    return {
      feed, cursor, updatedAt: updatedAt.toISOString(), updatedAgoMs: Math.max(0, now.getTime() - updatedAt.getTime()),
      // R2Z2's advertised head lags the newest file a little, so a cursor past it is simply caught up.
      head: isR2z2 ? head.value : null,
      behind: isR2z2 && head.value !== null ? Math.max(0, head.value - position) : null,
      headError: isR2z2 ? head.error : null,
    };
  });
}

/** `boardSize`: set on a board, whose days were not compared (summary and error null). */
type GapCheck = { from: string; to: string; summary: ReturnType<typeof summarizeComparison> | null; error: string | null; boardSize?: number };

async function readGaps({ sql, upstream, now, timeoutMs, boardSize }: Deadline & { sql: Sql; upstream: StatusUpstream; now: Date; boardSize?: number }): Promise<GapCheck> {
  const to = startOfUtcDay(now);
  const from = new Date(to.getTime() - STATUS_GAP_DAYS * DAY_MS);
  const window = { from: toUtcDay(from), to: toUtcDay(new Date(to.getTime() - DAY_MS)) };
  // A board keeps a few entities' kills: against the whole game's totals every day would look short.
  if (boardSize) return { ...window, summary: null, error: null, boardSize };
  const [perDay, totals] = await Promise.all([createBackfillRepository({ sql }).countStoredPerDay({ from, to }), readUpstream({ read: upstream.fetchTotals, timeoutMs })]);
  if (totals.value === null) return { ...window, summary: null, error: totals.error };
  const stored = [...perDay].map(([day, count]) => ({ day, stored: count })).sort((a, b) => a.day.localeCompare(b.day));
  const comparison = compareDays({ stored, totals: totals.value, from: window.from, to: window.to });
  return { ...window, summary: summarizeComparison({ comparison }), error: null };
}

export async function readDeploymentStatus({ sql, redis, prefix, queues, upstream, now = () => new Date(), timeoutMs = STATUS_UPSTREAM_TIMEOUT_MS, board }: {
  sql: Sql;
  /** Any client on the deployment's Redis: heartbeats are read from it. */
  redis: RedisClient;
  /** QUEUE_PREFIX: heartbeats and queues live under it. */
  prefix: string;
  queues: Queue[];
  upstream: StatusUpstream;
  now?: () => Date;
  /** How long each zKillboard read may take, retries included. */
  timeoutMs?: number;
  /** BOARD_ENTITIES: its days are not compared with zKillboard's whole-game totals. */
  board?: readonly BoardEntity[];
}) {
  const at = now();
  const [heartbeats, feeds, queueStats, gaps] = await Promise.all([
    listHeartbeats({ redis, prefix, now: () => at }),
    readFeeds({ sql, upstream, now: at, timeoutMs }),
    readQueueStats({ queues }),
    readGaps({ sql, upstream, now: at, timeoutMs, boardSize: board?.length }),
  ]);
  return { at: at.toISOString(), heartbeats, feeds, queues: queueStats, gaps };
}

export type DeploymentStatus = Awaited<ReturnType<typeof readDeploymentStatus>>;
