/** What every role starts from: the parsed config and a tagged logger. Connections are opened by the role. */
import { loadConfig } from "../app/config.ts";
import { createLogger } from "../app/log.ts";
import { AppError } from "../app/errors.ts";
import { createSql, ensureDatabaseReachable, type Sql } from "../db/db.client.ts";

export function createRoleContext({ tag }: { tag: string }) {
  const { config, sources } = loadConfig();
  const logger = createLogger({ config, tag });
  return { config, sources, logger };
}

function describeTarget(url: string) {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return "?";
  }
}

/** Opens the pool and proves it works, so a bad DATABASE_URL fails with one line naming it. */
export async function connectDatabase({ url, max }: { url: string; max?: number }): Promise<Sql> {
  const sql = createSql({ url, max });
  try {
    await ensureDatabaseReachable({ sql });
    return sql;
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError({
      code: "db.unreachable",
      message: `cannot connect to DATABASE_URL (${describeTarget(url)}): ${reason}`,
      status: 503,
    });
  }
}
