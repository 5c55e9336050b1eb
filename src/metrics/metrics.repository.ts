/** The one query the metrics make: this process's PostgreSQL connections by state (see metrics.db.ts). */
import type { Sql } from "../db/db.client.ts";

export function createMetricsRepository({ sql }: { sql: Sql }) {
  return {
    async countConnections({ applicationName }: { applicationName: string }) {
      return sql<{ state: string; count: number }[]>`
        select coalesce(state, 'unknown') as state, count(*)::int as count
        from pg_stat_activity
        where application_name = ${applicationName} and pid <> pg_backend_pid()
        group by 1
      `;
    },
  };
}
