/** Benchmarks run on a database of their own, created, migrated and loaded on the test server, dropped after. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createSql, type Sql } from "../src/db/db.client.ts";
import { migrateDatabase } from "../src/db/migrations.usecases.ts";
import { prepareDatabase, prepareTemplateDatabase, TEST_DATABASE_URL } from "../test/support/database.ts";

const SERVER_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://killboard@127.0.0.1:5432/killboard";

const withDatabase = (name: string) => {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

export async function createBenchDatabase({ name }: { name: string }): Promise<{ sql: Sql; url: string; drop: () => Promise<void> }> {
  const admin = createSql({ url: withDatabase("postgres"), max: 1 });
  await admin`drop database if exists ${admin(name)} with (force)`;
  await admin`create database ${admin(name)}`;
  const url = withDatabase(name);
  const sql = createSql({ url, max: 8 });
  await prepareDatabase({ sql });
  return {
    sql,
    url,
    async drop() {
      await sql.end({ timeout: 5 });
      await admin`drop database if exists ${admin(name)} with (force)`;
      await admin.end({ timeout: 5 });
    },
  };
}

const keptDatabaseUrl = (name: string) => Object.assign(new URL(TEST_DATABASE_URL), { pathname: `/${name}` }).toString();

/**
 * A database kept between runs (seeding a large one takes a while), copied from the test template when missing or
 * when `reseed`, and migrated: one kept from an earlier run may predate newer migrations.
 */
export async function openKeptBenchDatabase({ name, reseed }: { name: string; reseed: boolean }) {
  await prepareTemplateDatabase();
  const admin = createSql({ url: keptDatabaseUrl("postgres"), max: 1 });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (exists && reseed) await admin`drop database ${admin(name)} with (force)`;
    if (!exists || reseed) await admin`create database ${admin(name)} template killboard_test_template`;
  } finally {
    await admin.end();
  }
  const url = keptDatabaseUrl(name);
  const sql = createSql({ url, max: 4 });
  await migrateDatabase({ sql });
  return { sql, url };
}

export function readRealKillmails() {
  return readFileSync(join(import.meta.dir, "../test/fixtures/killmails.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { killmail_id: number; hash: string | null; esi: any });
}

export function argValue(name: string, fallback: number) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

export const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
