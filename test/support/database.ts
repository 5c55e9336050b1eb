/**
 * Real PostgreSQL for tests. A template database is migrated and loaded with the SDE and prices once per change of the
 * schema or data; each test file then gets its own throw-away copy (CREATE DATABASE ... TEMPLATE), so files
 * never see each other's rows.
 */
import { createHash } from "node:crypto";
import { migrationFiles } from "../../migrations/index.ts";
import { sdeBundle } from "../../data/sde/index.ts";
import { createSql, type Sql } from "../../src/db/db.client.ts";
import { migrateDatabase } from "../../src/db/migrations.usecases.ts";
import { loadSde } from "../../src/universe/sde.usecases.ts";
import { priceBundles } from "../../data/prices/index.ts";
import { loadPrices } from "../../src/prices/prices.usecases.ts";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://killboard@127.0.0.1:5432/killboard_test";
const TEMPLATE = "killboard_test_template";

const withDatabase = (name: string) => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

async function fingerprint() {
  const hash = createHash("sha1");
  for (const [name, text] of Object.entries(migrationFiles)) hash.update(name).update(text);
  for (const [name, path] of Object.entries({ ...sdeBundle, ...priceBundles })) hash.update(name).update(String(Bun.file(path).size));
  return hash.digest("hex");
}

async function withAdmin<T>(work: (sql: Sql) => Promise<T>) {
  const admin = createSql({ url: withDatabase("postgres"), max: 1 });
  try {
    return await work(admin);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Schema, static data and prices: what every test, drill and benchmark database starts from. */
export async function prepareDatabase({ sql }: { sql: Sql }) {
  await migrateDatabase({ sql });
  await loadSde({ sql });
  await loadPrices({ sql });
}

/** Builds the template when missing or stale. Called once by the preload. */
export async function prepareTemplateDatabase() {
  const wanted = await fingerprint();
  await withAdmin(async (admin) => {
    await admin`select pg_advisory_lock(724002)`;
    try {
      const [row] = await admin<{ note: string | null }[]>`
        select shobj_description(oid, 'pg_database') as note from pg_database where datname = ${TEMPLATE}
      `;
      if (row?.note === wanted) return;
      if (row) await admin`drop database ${admin(TEMPLATE)} with (force)`;
      await admin`create database ${admin(TEMPLATE)}`;
      const sql = createSql({ url: withDatabase(TEMPLATE), max: 2 });
      try {
        await prepareDatabase({ sql });
      } finally {
        await sql.end({ timeout: 5 });
      }
      await admin.unsafe(`comment on database ${TEMPLATE} is '${wanted}'`);
    } finally {
      await admin`select pg_advisory_unlock(724002)`;
    }
  });
}

/** A fresh, migrated database with the SDE and prices loaded; `drop()` removes it. */
export async function createTestDatabase({ max = 5 }: { max?: number } = {}) {
  const name = `killboard_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await withAdmin((admin) => admin`create database ${admin(name)} template ${admin(TEMPLATE)}`);
  const url = withDatabase(name);
  const sql = createSql({ url, max });
  return {
    sql,
    url,
    name,
    async drop() {
      await sql.end({ timeout: 5 });
      await withAdmin((admin) => admin`drop database if exists ${admin(name)} with (force)`);
    },
  };
}

/** An empty database (no migrations) for tests of the migration runner itself. */
export async function createEmptyDatabase() {
  const name = `killboard_e_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await withAdmin((admin) => admin`create database ${admin(name)}`);
  const url = withDatabase(name);
  return {
    url,
    name,
    drop: () => withAdmin((admin) => admin`drop database if exists ${admin(name)} with (force)`),
  };
}
