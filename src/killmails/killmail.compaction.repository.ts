/**
 * Rebuilds the indexes of a closed month's partitions once, with REINDEX CONCURRENTLY, so reads and writes go on
 * meanwhile. While a month is open its kills arrive in time order but their entity keys at random, so B-tree pages
 * split and stay part-empty: the involvement entity index held 95 bytes a row at bench:scale. A closed month gets
 * few late kills, so a rebuilt index stays packed.
 */
import type { Sql } from "../db/db.client.ts";
import { PARTITIONED_TABLES } from "./killmail.partitions.ts";

export type DuePartition = { partitionName: string };

export function createCompactionRepository({ sql }: { sql: Sql }) {
  const indexBytes = async (name: string) => {
    const [row] = await sql<{ bytes: number }[]>`select pg_indexes_size(${name}::regclass)::bigint as bytes`;
    return row!.bytes;
  };
  return {
    /** Partitions (named `<table>_YYYYMM`) of months that ended before `closedBefore` and were never compacted, oldest first. */
    listDue: ({ closedBefore }: { closedBefore: Date }) => sql<DuePartition[]>`
      select c.relname as partition_name
      from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
      where p.relname = any(${[...PARTITIONED_TABLES]}::text[]) and c.relname ~ '_[0-9]{6}$'
        and (to_date(right(c.relname, 6), 'YYYYMM') + interval '1 month') <= ${closedBefore}
        and not exists (select 1 from partition_compactions x where x.partition_name = c.relname)
      order by right(c.relname, 6), c.relname`,

    /** Rebuilds every index of one partition; returns their bytes before and after. Not inside a transaction: REINDEX CONCURRENTLY refuses one. */
    async compact({ partitionName }: { partitionName: string }) {
      const before = await indexBytes(partitionName);
      await sql`reindex table concurrently ${sql(partitionName)}`;
      const after = await indexBytes(partitionName);
      await sql`insert into partition_compactions (partition_name, bytes_before, bytes_after)
        values (${partitionName}, ${before}, ${after}) on conflict (partition_name) do nothing`;
      return { bytesBefore: before, bytesAfter: after };
    },
  };
}
