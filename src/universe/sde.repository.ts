import type { Sql } from "../db/db.client.ts";
import { keyColumns, type SdeTable } from "./sde.models.ts";

const CHUNK_ROWS = 2_000;

export function createSdeRepository({ sql }: { sql: Sql }) {
  return {
    /** Inserts or updates every row; rows are never deleted, so a load is safe on a live database. */
    async upsertRows({ spec, rows }: { spec: SdeTable; rows: Record<string, unknown>[] }) {
      const keys = keyColumns({ spec });
      const update = Object.fromEntries(spec.columns.map((column) => [column, sql`excluded.${sql(column)}`]));
      await sql.begin(async (tx) => {
        for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
          const chunk = rows.slice(start, start + CHUNK_ROWS);
          await tx`
            insert into ${tx(spec.table)} ${tx(chunk as Record<string, any>[], ...keys, ...spec.columns)}
            on conflict (${tx(keys)}) do update set ${tx(update)}
          `;
        }
      });
    },
    async countRows({ table }: { table: string }) {
      const [row] = await sql<{ count: number }[]>`select count(*)::int as count from ${sql(table)}`;
      return row?.count ?? 0;
    },
  };
}
