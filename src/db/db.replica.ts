/**
 * Watches a streaming replica (DATABASE_READ_URL) and says, at any moment, whether reads may go to it. A replica
 * that is unreachable, promoted or more than `maxLagMs` behind is not usable: reads go to the primary until a
 * check finds it healthy again. Until the first check answers, the replica is not used either.
 */
import type { Logger } from "../app/log.ts";
import { withDeadline } from "../app/deadline.ts";
import { createSql, type Sql } from "./db.client.ts";
import { estimateLagMs, judgeReplica, parseLsn, pruneSamples, type ReplicaState, type WalSample } from "./db.replica.models.ts";
import { createReplicationRepository } from "./db.replica.repository.ts";

/** Once a second: a replica that falls behind is left within about a second of crossing the limit. */
export const REPLICA_CHECK_INTERVAL_MS = 1_000;
/** A replica that takes longer to accept a connection is left for the primary sooner than DATABASE_URL's 10 s. */
const REPLICA_CONNECT_TIMEOUT_S = 2;
/** A check that takes longer than this counts as the replica being unreachable. */
export const REPLICA_CHECK_TIMEOUT_MS = 1_000;

export type ReplicaMonitor = {
  state: () => ReplicaState;
  /** A read on the replica failed: stop using it until the next check says otherwise. */
  reportFailure: (reason: string) => void;
  stop: () => void;
};

export function createReplicaMonitor({ primary, replica, maxLagMs, logger, intervalMs = REPLICA_CHECK_INTERVAL_MS, now = Date.now }: {
  primary: Sql; replica: Sql; maxLagMs: number; logger: Logger; intervalMs?: number; now?: () => number;
}): ReplicaMonitor {
  const primaryPositions = createReplicationRepository({ sql: primary });
  const replicaPositions = createReplicationRepository({ sql: replica });
  let samples: WalSample[] = [];
  let current: ReplicaState = { usable: false, lagMs: null, reason: "not checked yet" };
  const settle = (next: ReplicaState) => {
    if (next.usable !== current.usable) {
      if (next.usable) logger.info(`read replica: in use (${next.reason})`);
      else logger.warn(`read replica: reads go to the primary: ${next.reason}`);
    }
    current = next;
  };
  const bounded = <T>(promise: Promise<T>) => withDeadline({ promise, ms: REPLICA_CHECK_TIMEOUT_MS, message: `no answer within ${REPLICA_CHECK_TIMEOUT_MS} ms` });

  async function check() {
    // The primary first: a replica read after it that has replayed as far counts as caught up.
    const atMs = now();
    const sampled = await bounded(primaryPositions.readCurrentLsn()).then((lsn) => ({ atMs, lsn: parseLsn(lsn) }), () => null);
    if (sampled) samples = pruneSamples({ samples: [...samples, sampled], nowMs: atMs, keepMs: 2 * maxLagMs });
    try {
      const { inRecovery, replayed } = await bounded(replicaPositions.readReplayPosition());
      const lagMs = replayed === null ? null : estimateLagMs({ samples, replayed: parseLsn(replayed), nowMs: now() });
      settle(judgeReplica({ inRecovery, lagMs, maxLagMs }));
    } catch (error) {
      settle({ usable: false, lagMs: null, reason: `unreachable: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  let running = false;
  const tick = async () => {
    if (running) return; // a slow check is not stacked on by the next one
    running = true;
    try {
      await check();
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  return {
    state: () => current,
    reportFailure: (reason) => settle({ usable: false, lagMs: current.lagMs, reason: `a read failed: ${reason}` }),
    stop: () => clearInterval(timer),
  };
}

/**
 * The replica's pool and its monitor. The pool is not proven at start-up: a replica that is down when serve starts
 * only means reads start on the primary.
 */
export function openReadReplica({ url, primary, max, maxLagMs, applicationName, logger }: {
  url: string; primary: Sql; max: number; maxLagMs: number; applicationName: string; logger: Logger;
}) {
  // It takes serve's page reads only: no parallel workers, as on serve's primary pool.
  const sql = createSql({ url, max, applicationName, connectTimeoutSeconds: REPLICA_CONNECT_TIMEOUT_S, parallel: false });
  const monitor = createReplicaMonitor({ primary, replica: sql, maxLagMs, logger });
  return {
    sql,
    monitor,
    async close() {
      monitor.stop();
      await sql.end({ timeout: 5 });
    },
  };
}
