import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isAppError } from "../app/errors.ts";
import { FEED_PREFIXES } from "../feeds/feeds.paths.ts";
import type { WebDeps } from "./web.deps.ts";

/** The API and the machine feeds (feeds/*.routes.ts) answer errors in JSON; pages in HTML. */
const JSON_PREFIXES = ["/api/", ...FEED_PREFIXES];
const wantsJson = (c: Context) => JSON_PREFIXES.some((prefix) => new URL(c.req.url).pathname.startsWith(prefix));

function answer({ c, deps, status, code, message, details }: {
  c: Context; deps: WebDeps; status: number; code: string; message: string; details?: unknown;
}) {
  const id = c.get("requestId") as string | undefined;
  const headers = { "Cache-Control": "no-store" };
  if (wantsJson(c)) return c.json({ error: message, code, requestId: id, ...(details ? { details } : {}) }, status as ContentfulStatusCode, headers);
  const heading = status === 404 ? "Not found" : status < 500 ? "That did not work" : status === 503 ? "Try again in a minute" : "Something broke on our side";
  const html = deps.renderer.render("error", { title: heading, heading, message, requestId: id });
  return c.html(html, status as ContentfulStatusCode, headers);
}

export function handleNotFound({ c, deps }: { c: Context; deps: WebDeps }) {
  return answer({ c, deps, status: 404, code: "web.not_found", message: "There is no page at this address." });
}

/** 503s whose message is written for visitors; other 5xx messages (a Redis address) stay in the log. */
const SHOWN_UNAVAILABLE = new Set(["sso.unavailable"]);

/**
 * Known errors keep their status and message (a 503 of SHOWN_UNAVAILABLE says which upstream is away); anything else is logged with
 * the request id and hidden.
 */
export function handleError({ error, c, deps }: { error: Error; c: Context; deps: WebDeps }) {
  if (isAppError(error) && (error.status < 500 || SHOWN_UNAVAILABLE.has(error.code))) {
    return answer({ c, deps, status: error.status, code: error.code, message: error.message, details: error.details });
  }
  deps.logger.error(`request ${c.get("requestId")} ${c.req.method} ${c.req.path} failed:`, error);
  return answer({ c, deps, status: 500, code: "internal", message: "An unexpected error happened. It has been logged." });
}
