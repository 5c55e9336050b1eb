/** The two positions the replica monitor compares (db.replica.models.ts). */
import type { Sql } from "./db.client.ts";

export function createReplicationRepository({ sql }: { sql: Sql }) {
  return {
    async readCurrentLsn() {
      const [row] = await sql<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`;
      return row!.lsn;
    },
    /** `replayed` is null on a server that is not a standby. */
    async readReplayPosition() {
      const [row] = await sql<{ inRecovery: boolean; replayed: string | null }[]>`
        select pg_is_in_recovery() as in_recovery, pg_last_wal_replay_lsn()::text as replayed`;
      return row!;
    },
  };
}
