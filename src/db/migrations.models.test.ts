import { describe, expect, test } from "bun:test";
import { parseMigrationFiles, selectPendingMigrations } from "./migrations.models.ts";

describe("parseMigrationFiles", () => {
  test("orders five-digit files by number", () => {
    const migrations = parseMigrationFiles({ files: { "00002_b.sql": "B", "00001_a.sql": "A" } });
    expect(migrations.map((m) => m.name)).toEqual(["a", "b"]);
  });

  test("refuses a gap in the numbering", () => {
    expect(() => parseMigrationFiles({ files: { "00001_a.sql": "", "00003_c.sql": "" } })).toThrow(/expected 2, found 3/);
  });

  test("refuses a badly named file", () => {
    expect(() => parseMigrationFiles({ files: { "1_a.sql": "" } })).toThrow(/NNNNN_name.sql/);
  });
});

describe("selectPendingMigrations", () => {
  const migrations = parseMigrationFiles({ files: { "00001_a.sql": "", "00002_b.sql": "" } });

  test("returns only what is not applied", () => {
    expect(selectPendingMigrations({ migrations, appliedIds: [1] }).map((m) => m.id)).toEqual([2]);
  });

  test("refuses a database that is ahead of the build", () => {
    expect(() => selectPendingMigrations({ migrations, appliedIds: [1, 2, 3] })).toThrow(/does not know: 3/);
  });
});
