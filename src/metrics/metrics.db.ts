/**
 * PostgreSQL pool usage, as far as it can be seen: postgres.js keeps its pool state to itself, so this reports the
 * configured size and asks the server how many connections this process holds, by state. The process's
 * connections carry their own application_name (role.context.ts), which is how they are told apart from
 * others'. The scrape's own connection is left out; a pool that cannot spare one within DB_SCRAPE_TIMEOUT_MS
 * leaves the connection series out for that scrape (the pool is then saturated or the database is down).
 */
import { Gauge, type Registry } from "prom-client";
import { withDeadline } from "../app/deadline.ts";

export const DB_SCRAPE_TIMEOUT_MS = 1_000;

export type PoolReader = { max: number; countConnections: () => Promise<{ state: string; count: number }[]> };

export function defineDatabaseMetrics({ registry }: { registry: Registry }) {
  let pool: PoolReader | null = null;
  new Gauge({
    name: "killboard_db_pool_max_connections",
    help: "Connections this process's PostgreSQL pool may open",
    registers: [registry],
    collect() {
      this.reset();
      if (pool) this.set(pool.max);
    },
  });
  new Gauge({
    name: "killboard_db_connections",
    help: "PostgreSQL connections this process holds, by server state (active, idle, idle in transaction, ...), the scrape's own excluded",
    labelNames: ["state"], registers: [registry],
    async collect() {
      this.reset();
      if (!pool) return;
      const rows = await withDeadline({ promise: pool.countConnections(), ms: DB_SCRAPE_TIMEOUT_MS, message: "db pool: no answer" }).catch(() => null);
      for (const { state, count } of rows ?? []) this.set({ state }, count);
    },
  });
  return {
    watchPool({ reader }: { reader: PoolReader }) {
      pool = reader;
    },
  };
}

export type DatabaseMetrics = ReturnType<typeof defineDatabaseMetrics>;
