import postgres from "postgres";

export type Sql = postgres.Sql<{}>;

/**
 * One pool per process; the role picks its size. int8 comes back as number (ids and counts fit in 2^53).
 * `applicationName` tells this process's connections apart in pg_stat_activity (the metrics count them there).
 */
export function createSql({ url, max = 10, onnotice, applicationName, debug, connectTimeoutSeconds = 10, parallel = true }: {
  url: string; max?: number; onnotice?: (notice: unknown) => void; applicationName?: string;
  /**
   * false for a pool of page reads: a plan that starts parallel workers spends milliseconds launching them for
   * a look-up of a fraction of one. A small pilot's top lists, planned generically, took 9.8 ms so, 0.4 ms without.
   */
  parallel?: boolean;
  /** A read replica's pool waits less: reads it cannot take go to the primary instead. */
  connectTimeoutSeconds?: number;
  /** Called with each statement sent (tests count them). */
  debug?: (query: string, parameters: unknown[]) => void;
}): Sql {
  return postgres(url, {
    max,
    ...(debug ? { debug: (_connection: number, query: string, parameters: unknown[]) => debug(query, parameters) } : {}),
    transform: postgres.camel,
    types: {
      bigint: { to: 20, from: [20], serialize: (value: number) => String(value), parse: (value: string) => Number(value) },
    },
    onnotice: onnotice ?? (() => {}),
    // Our queries are short index lookups: JIT compilation only adds latency to them.
    connection: { jit: "off", ...(parallel ? {} : { max_parallel_workers_per_gather: "0" }), ...(applicationName ? { application_name: applicationName } : {}) },
    connect_timeout: connectTimeoutSeconds,
    idle_timeout: 60,
  }) as unknown as Sql;
}

/** Fails fast with the connection problem instead of on the first real query. */
export async function ensureDatabaseReachable({ sql }: { sql: Sql }) {
  await sql`select 1`;
}
