/**
 * A hot standby of a private cluster (private-postgres.ts): `pg_basebackup -R` from the primary (initdb's pg_hba
 * already trusts replication from 127.0.0.1, and wal_level=replica is the default), started on a port of its own.
 * `stop()`/`start()` take it down and bring it back with its files; `remove()` ends it for good.
 */
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createSql } from "../../src/db/db.client.ts";
import { findFreePort } from "./ports.ts";
import { asRoot, findBinDir, pgRun } from "./private-postgres.ts";

const idOf = (flag: "-u" | "-g") => Number(Bun.spawnSync(["id", flag, "postgres"]).stdout.toString());

export async function startPrivateStandby({ primaryUrl }: { primaryUrl: string }) {
  const bin = findBinDir();
  const dir = mkdtempSync("/var/tmp/killboard-drill-standby-");
  if (asRoot) chownSync(dir, idOf("-u"), idOf("-g"));
  const data = join(dir, "data");
  const primary = new URL(primaryUrl);
  await pgRun([`${bin}/pg_basebackup`, "-D", data, "-h", primary.hostname, "-p", primary.port, "-U", "killboard", "-R", "-X", "stream", "-c", "fast"]);
  const port = findFreePort();
  // max_connections may not be below the primary's (100) on a standby.
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=100 -c hot_standby=on`;
  const start = () => pgRun([`${bin}/pg_ctl`, "-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60", "-o", options, "start"]);
  const stop = () => pgRun([`${bin}/pg_ctl`, "-D", data, "-m", "immediate", "-w", "stop"]);
  await start();
  const url = `postgres://killboard@127.0.0.1:${port}/killboard`;
  const sql = createSql({ url, max: 2 });
  return {
    url,
    /** The test's own connection to the standby (postgres.js reconnects after a stop and start). */
    sql,
    start,
    stop,
    async remove() {
      await sql.end({ timeout: 1 }).catch(() => {});
      await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
