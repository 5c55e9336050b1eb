/** Benchmarks run on a database of their own, created, migrated and loaded on the test server, dropped after. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createSql, type Sql } from "../src/db/db.client.ts";
import { prepareDatabase } from "../test/support/database.ts";

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
