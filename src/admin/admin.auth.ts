/**
 * Who may see /admin: a request carrying ADMIN_TOKEN as `Authorization: Bearer <token>`, or a browser holding the
 * session cookie the login form sets. Tokens are compared in constant time over their SHA-256 digests (neither a
 * prefix nor the length leaks). The cookie holds only its expiry, signed with a key derived from the token (HMAC),
 * so changing ADMIN_TOKEN ends every session; it is HttpOnly and SameSite=Strict, so no other site can send it.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";
import { HOUR_MS } from "../app/time.ts";

export const ADMIN_COOKIE = "killboard_admin";
export const ADMIN_SESSION_MS = 12 * HOUR_MS;
/** The cookie is sent to the admin pages only. */
const COOKIE_PATH = "/admin";

const digest = (text: string) => createHash("sha256").update(text).digest();

export function matchesToken({ given, token }: { given: string; token: string }) {
  return timingSafeEqual(digest(given), digest(token));
}

/** The token of an `Authorization: Bearer …` header, or null. */
export function readBearer({ header }: { header: string | undefined }) {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

const cookieKey = (token: string) => createHmac("sha256", token).update("killboard admin session cookie").digest("hex");

/** Secure whenever the browser reached us over HTTPS, also through Fly's TLS-terminating proxy. */
function isHttps({ c, trustProxyHeader }: { c: Context; trustProxyHeader: boolean }) {
  return new URL(c.req.url).protocol === "https:" || (trustProxyHeader && c.req.header("x-forwarded-proto") === "https");
}

export type AdminAuthOptions = { token: string; trustProxyHeader: boolean; now: () => number };

const cookieOptions = ({ c, trustProxyHeader }: { c: Context; trustProxyHeader: boolean }) =>
  ({ path: COOKIE_PATH, httpOnly: true, sameSite: "Strict", secure: isHttps({ c, trustProxyHeader }) }) as const;

export async function startAdminSession({ c, auth }: { c: Context; auth: AdminAuthOptions }) {
  const expires = auth.now() + ADMIN_SESSION_MS;
  await setSignedCookie(c, ADMIN_COOKIE, String(expires), cookieKey(auth.token), {
    ...cookieOptions({ c, trustProxyHeader: auth.trustProxyHeader }), maxAge: ADMIN_SESSION_MS / 1000,
  });
}

export function endAdminSession({ c, auth }: { c: Context; auth: AdminAuthOptions }) {
  deleteCookie(c, ADMIN_COOKIE, cookieOptions({ c, trustProxyHeader: auth.trustProxyHeader }));
}

/** True for a matching bearer token or an unexpired, correctly signed session cookie. */
export async function isAdminRequest({ c, auth }: { c: Context; auth: AdminAuthOptions }) {
  const bearer = readBearer({ header: c.req.header("authorization") });
  if (bearer !== null) return matchesToken({ given: bearer, token: auth.token });
  const expires = await getSignedCookie(c, cookieKey(auth.token), ADMIN_COOKIE);
  return typeof expires === "string" && /^\d+$/.test(expires) && Number(expires) > auth.now();
}
