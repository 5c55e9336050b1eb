/**
 * A PostgreSQL cluster of a test's own (Debian's server binaries, a free loopback port, fsync off), for drills that
 * restart the server under running roles. As root the server runs as the `postgres` user, as scripts/lib/setup.sh
 * does. `stop()` ends it and removes its files.
 */
import { mkdtempSync, readdirSync, rmSync, chownSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { createSql } from "../../src/db/db.client.ts";
import { prepareDatabase } from "./database.ts";
import { findFreePort } from "./ports.ts";

export function findBinDir() {
  const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error("no PostgreSQL server under /usr/lib/postgresql (scripts/test installs it)");
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

export const asRoot = userInfo().uid === 0;

export async function pgRun(args: string[]) {
  const command = asRoot ? ["runuser", "-u", "postgres", "--", ...args] : args;
  const proc = Bun.spawn(command, { stdout: "pipe", stderr: "pipe" });
  const [code, err] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
  if (code !== 0) throw new Error(`${args.slice(0, 2).join(" ")} failed (${code}): ${err.trim()}`);
}

export async function startPrivatePostgres() {
  const bin = findBinDir();
  // /var/tmp, not the checkout: the postgres user may not reach a private home directory.
  const dir = mkdtempSync("/var/tmp/killboard-drill-pg-");
  if (asRoot) chownSync(dir, Number(Bun.spawnSync(["id", "-u", "postgres"]).stdout.toString()), Number(Bun.spawnSync(["id", "-g", "postgres"]).stdout.toString()));
  const data = join(dir, "data");
  const port = findFreePort();
  await pgRun([`${bin}/initdb`, "-D", data, "-U", "killboard", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=100`;
  const start = () => pgRun([`${bin}/pg_ctl`, "-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60", "-o", options, "start"]);
  await start();
  const url = `postgres://killboard@127.0.0.1:${port}/killboard`;
  const admin = createSql({ url: `postgres://killboard@127.0.0.1:${port}/postgres`, max: 1 });
  await admin`create database killboard`;
  await admin.end();
  const sql = createSql({ url, max: 4 });
  await prepareDatabase({ sql });
  return {
    url,
    sql,
    /** A fast restart: every connection is cut, the server is back within a second or two. */
    restart: async () => {
      await pgRun([`${bin}/pg_ctl`, "-D", data, "-m", "fast", "-w", "stop"]);
      await start();
    },
    async stop() {
      await sql.end({ timeout: 1 }).catch(() => {});
      await pgRun([`${bin}/pg_ctl`, "-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
