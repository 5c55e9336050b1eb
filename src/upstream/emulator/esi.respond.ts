/**
 * How emulated ESI answers (UPSTREAMS c.2): JSON with ETag, Expires, Last-Modified and Cache-Control on GETs,
 * 304 when If-None-Match matches (or, without it, If-Modified-Since is not before Last-Modified); `X-Emulated: true` when the body holds generated data rather than captured.
 */
import type { Context } from "hono";
import type { EmulatorEnv } from "./emulator.context.ts";

export const JSON_TYPE = "application/json; charset=UTF-8";

/** `extra`: fields some errors carry beside `error` (403 on an expired token adds `sso_status`). */
export function esiError({ c, status, message, extra = {} }: { c: Context<EmulatorEnv>; status: number; message: string; extra?: Record<string, unknown> }) {
  return c.body(JSON.stringify({ error: message, ...extra }), status as 404, { "content-type": JSON_TYPE });
}

const etagOf = (text: string) => `"${Bun.hash(text).toString(16).padStart(16, "0")}"`;

/** A cacheable GET answer; `lastModified` is when the emulator started, as the data has not changed since. */
export function esiCached({ c, body, cacheSeconds, lastModified, emulated = false, now = Date.now() }: {
  c: Context<EmulatorEnv>;
  body: unknown;
  cacheSeconds: number;
  lastModified: number;
  /** true, or what kind of emulated (`X-Emulated: generated`, `derived`). */
  emulated?: boolean | string;
  /** The emulator's clock, for Expires (routes whose answers age with it). */
  now?: number;
}) {
  const text = JSON.stringify(body);
  const etag = etagOf(text);
  const headers: Record<string, string> = {
    "cache-control": `public, max-age=${cacheSeconds}`,
    etag,
    expires: new Date(now + cacheSeconds * 1000).toUTCString(),
    "last-modified": new Date(lastModified).toUTCString(),
    ...(emulated ? { "x-emulated": String(emulated) } : {}),
  };
  const tags = (c.req.header("if-none-match") ?? "").split(",").map((tag) => tag.trim().replace(/^W\//, ""));
  const since = Date.parse(c.req.header("if-modified-since") ?? "");
  if (tags.includes(etag) || (!c.req.header("if-none-match") && since >= lastModified)) return c.body(null, 304, headers);
  return c.body(text, 200, { ...headers, "content-type": JSON_TYPE });
}

/** POST answers carry no cache headers (UPSTREAMS c.2). */
export function esiPosted({ c, body, emulated = false }: { c: Context<EmulatorEnv>; body: unknown; emulated?: boolean }) {
  return c.body(JSON.stringify(body), 200, { "content-type": JSON_TYPE, ...(emulated ? { "x-emulated": "true" } : {}) });
}

/** Reads a JSON array of integer ids; null when the body is not one (ESI answers 400). */
export async function readIdArray({ c }: { c: Context<EmulatorEnv> }): Promise<number[] | null> {
  try {
    const body: unknown = await c.req.json();
    if (!Array.isArray(body) || !body.every((id) => Number.isInteger(id))) return null;
    return body as number[];
  } catch {
    return null;
  }
}
