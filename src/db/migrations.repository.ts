import type { Sql } from "./db.client.ts";
import type { Migration } from "./migrations.models.ts";

// Any constant works as long as every runner uses the same one.
const MIGRATION_LOCK_KEY = 724_001;

export function createMigrationsRepository({ sql }: { sql: Sql }) {
  return {
    /** Runs `work` inside one transaction holding the migration advisory lock. */
    async withLock<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
      return (await sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
        await tx`
          create table if not exists schema_migrations (
            id integer primary key,
            name text not null,
            applied_at timestamptz not null default now()
          )
        `;
        return work(tx as unknown as Sql);
      })) as T;
    },
    async listAppliedIds(tx: Sql) {
      const rows = await tx<{ id: number }[]>`select id from schema_migrations order by id`;
      return rows.map((row) => row.id);
    },
    async apply(tx: Sql, migration: Migration) {
      await tx.unsafe(migration.sql);
      await tx`insert into schema_migrations (id, name) values (${migration.id}, ${migration.name})`;
    },
  };
}
