/** What every role starts from: the parsed config and a tagged logger. Connections are opened by `runRole`. */
import { loadConfig } from "../app/config.ts";
import { withDeadline } from "../app/deadline.ts";
import { createLogger } from "../app/log.ts";
import { AppError } from "../app/errors.ts";
import { createSql, ensureDatabaseReachable, type Sql } from "../db/db.client.ts";

/** The pool keeps postgres.js's longer connect_timeout for later connections; start-up answers within 5 s. */
const DATABASE_CONNECT_DEADLINE_MS = 3_500;

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
export async function connectDatabase({ url, max, applicationName, parallel }: {
  url: string; max?: number; applicationName?: string; parallel?: boolean;
}): Promise<Sql> {
  const sql = createSql({ url, max, applicationName, parallel });
  try {
    const message = `no answer within ${DATABASE_CONNECT_DEADLINE_MS} ms`;
    await withDeadline({ promise: ensureDatabaseReachable({ sql }), ms: DATABASE_CONNECT_DEADLINE_MS, message });
    return sql;
  } catch (error) {
    await sql.end({ timeout: 0 }).catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError({
      code: "db.unreachable",
      message: `cannot connect to DATABASE_URL (${describeTarget(url)}): ${reason}`,
      status: 503,
    });
  }
}
