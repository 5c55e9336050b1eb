/** Pure checks of the migration manifest: five-digit, forward-only, no gaps, no duplicates. */
export type Migration = { id: number; name: string; sql: string };

const FILE_NAME = /^(\d{5})_([a-z0-9_]+)\.sql$/;

export function parseMigrationFiles({ files }: { files: Record<string, string> }): Migration[] {
  const migrations = Object.entries(files).map(([file, sql]) => {
    const match = FILE_NAME.exec(file);
    if (!match) throw new Error(`Migration file "${file}" is not named NNNNN_name.sql`);
    return { id: Number(match[1]), name: match[2]!, sql };
  });
  migrations.sort((a, b) => a.id - b.id);
  migrations.forEach((migration, index) => {
    if (migration.id !== index + 1) {
      throw new Error(`Migrations must be numbered 00001 upwards without gaps: expected ${index + 1}, found ${migration.id}`);
    }
  });
  return migrations;
}

export function selectPendingMigrations({ migrations, appliedIds }: { migrations: Migration[]; appliedIds: number[] }) {
  const applied = new Set(appliedIds);
  const known = new Set(migrations.map((migration) => migration.id));
  const unknown = appliedIds.filter((id) => !known.has(id));
  if (unknown.length) throw new Error(`Database has migrations this build does not know: ${unknown.join(", ")}`);
  return migrations.filter((migration) => !applied.has(migration.id));
}
