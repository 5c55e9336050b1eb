/**
 * Which store failures are the killmail's own fault and will fail the same way on every retry. A model error
 * (AppError below 500) is deterministic, and so is a database refusal of the data itself: SQLSTATE class 22
 * (data exception, e.g. 22003 integer out of range, 22P05 a NUL escape jsonb cannot hold) and class 23
 * (integrity constraint violation). Everything else is not the killmail's fault and must never be reported as a
 * rejection of it: an outage (connection refused, reset or ended, too many clients 53300, admin shutdown 57P01,
 * timeouts), a deadlock, or an error we do not know. Those may pass on retry, so they fail the whole call.
 */
import { isAppError } from "../app/errors.ts";

// A SQLSTATE is five characters, class first (PostgreSQL manual, appendix A); postgres.js puts it on `code`.
const PERMANENT_SQLSTATE = /^2[23][0-9A-Z]{3}$/;

export function readSqlState(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

export function isPermanentStoreError(error: unknown) {
  if (isAppError(error)) return error.status < 500;
  return PERMANENT_SQLSTATE.test(readSqlState(error) ?? "");
}

/** The reason a permanently refused killmail is failed or counted with: the message and, when any, the SQLSTATE. */
export function describeStoreError(error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  const sqlState = isAppError(error) ? null : readSqlState(error);
  return sqlState ? `database refused the killmail: ${message} (SQLSTATE ${sqlState})` : message;
}
