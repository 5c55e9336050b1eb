import { migrationFiles } from "../../migrations/index.ts";
import type { Sql } from "./db.client.ts";
import { parseMigrationFiles, selectPendingMigrations } from "./migrations.models.ts";
import { createMigrationsRepository } from "./migrations.repository.ts";

/** Applies every pending migration in one transaction; a second run applies nothing. */
export async function migrateDatabase({ sql, files = migrationFiles }: { sql: Sql; files?: Record<string, string> }) {
  const migrations = parseMigrationFiles({ files });
  const repository = createMigrationsRepository({ sql });
  return repository.withLock(async (tx) => {
    const pending = selectPendingMigrations({ migrations, appliedIds: await repository.listAppliedIds(tx) });
    for (const migration of pending) await repository.apply(tx, migration);
    return { applied: pending.map(({ id, name }) => ({ id, name })), total: migrations.length };
  });
}
