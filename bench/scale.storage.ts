/** bench:scale's storage and index-use figures, summed over each killmail table's monthly partitions. */
import type { Sql } from "../src/db/db.client.ts";

const TABLES = ["killmail_ids", "killmails", "killmail_attackers", "killmail_items", "killmail_involvement", "killmail_sequence"];

export type StorageRow = {
  table: string; rows: number; heapBytes: number; indexBytes: number; bytesPerRow: number; rawBytesPerRow: number; bytesPerKill: number;
};

/** A table and its partitions (a plain table is its own only member). */
const members = (sql: Sql, table: string) => sql`
  select ${table}::regclass::oid as oid union all select inhrelid from pg_inherits where inhparent = ${table}::regclass`;

export async function measureScaleStorage(sql: Sql) {
  const [{ kills }] = (await sql<{ kills: number }[]>`select count(*)::int as kills from killmail_ids`) as unknown as [{ kills: number }];
  const tables: StorageRow[] = [];
  for (const table of TABLES) {
    // pg_table_size counts the heap with its TOAST and free-space maps: everything but the indexes.
    const [size] = await sql<{ heapBytes: number; indexBytes: number }[]>`
      select sum(pg_table_size(oid))::float8 as heap_bytes, sum(pg_indexes_size(oid))::float8 as index_bytes from (${members(sql, table)}) m`;
    const [count] = await sql<{ rows: number }[]>`select count(*)::float8 as rows from ${sql(table)}`;
    // The bytes of the values alone (pg_column_size of the whole row, before the tuple header and alignment).
    const [raw] = await sql<{ bytes: number }[]>`select avg(pg_column_size(t.*))::float8 as bytes from (
      select * from ${sql(table)} tablesample system (1) limit 50000) t`;
    const total = size!.heapBytes + size!.indexBytes;
    tables.push({ table, rows: count!.rows, heapBytes: size!.heapBytes, indexBytes: size!.indexBytes,
      bytesPerRow: total / Math.max(1, count!.rows), rawBytesPerRow: raw!.bytes ?? 0, bytesPerKill: total / Math.max(1, kills) });
  }
  const [database] = await sql<{ bytes: number }[]>`select pg_database_size(current_database())::float8 as bytes`;
  return { tables, bytesPerKill: tables.reduce((sum, row) => sum + row.bytesPerKill, 0), databaseBytes: database!.bytes };
}

/** Index statistics start from zero, so the next read shows only what the measured pages used. */
export async function resetIndexUse(sql: Sql) {
  await sql`select pg_stat_reset()`;
}

/**
 * Scans per index of the killmail tables since the reset, a partitioned index's partitions summed. Statistics
 * reach the view asynchronously, hence the forced flush first.
 */
export async function readIndexUse(sql: Sql) {
  await sql`select pg_stat_force_next_flush()`;
  await Bun.sleep(1500);
  return sql<{ index: string; scans: number; bytes: number }[]>`
    select parent.relname as index, coalesce(sum(s.idx_scan), 0)::int as scans, sum(pg_relation_size(child.oid))::float8 as bytes
    from pg_class parent
    join pg_index pi on pi.indexrelid = parent.oid
    join pg_class tbl on tbl.oid = pi.indrelid
    join lateral (select parent.oid as oid union all select inhrelid from pg_inherits where inhparent = parent.oid) child on true
    left join pg_stat_user_indexes s on s.indexrelid = child.oid
    where tbl.relname = any(${TABLES}) and tbl.relnamespace = 'public'::regnamespace
    group by parent.relname order by 2, 3 desc`;
}
