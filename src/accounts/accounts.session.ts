/**
 * The cookies of accounts, all HttpOnly, signed with SESSION_SECRET, Secure when the browser came over HTTPS:
 * - the session (a random id; the database keeps its SHA-256), SameSite=Lax so the SSO redirect back keeps it;
 * - the login in progress (the SSO `state`, only sent to /auth/), which ties the callback to this browser;
 * - the form cookie, a random value every form's CSRF token is an HMAC of (a missing or wrong token is a 403).
 */
import type { Context } from "hono";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";
import { DAY_MS } from "../app/time.ts";
import { createForbiddenError } from "./accounts.errors.ts";
import { csrfTokenFor, hashToken, matchesCsrf, randomToken } from "./accounts.crypto.ts";
import type { AccountsRepository } from "./accounts.repository.ts";

export const SESSION_COOKIE = "killboard_session";
export const LOGIN_COOKIE = "killboard_login";
export const FORM_COOKIE = "killboard_form";
export const SESSION_MS = 30 * DAY_MS;
export const LOGIN_MS = 10 * 60_000;

/** `alwaysSecure`: the board is reached over HTTPS (its callback URL is), whatever proxy stands in front of it. */
export type CookieSettings = { secret: string; trustProxyHeader: boolean; alwaysSecure?: boolean };

function isHttps({ c, settings }: { c: Context; settings: CookieSettings }) {
  return settings.alwaysSecure === true || new URL(c.req.url).protocol === "https:" ||
    (settings.trustProxyHeader && c.req.header("x-forwarded-proto") === "https");
}

const options = ({ c, settings, path = "/", maxAgeMs }: { c: Context; settings: CookieSettings; path?: string; maxAgeMs?: number }) => ({
  path, httpOnly: true, sameSite: "Lax" as const, secure: isHttps({ c, settings }),
  ...(maxAgeMs ? { maxAge: Math.floor(maxAgeMs / 1000) } : {}),
});

const readSigned = async ({ c, settings, name }: { c: Context; settings: CookieSettings; name: string }) => {
  const value = await getSignedCookie(c, settings.secret, name);
  return typeof value === "string" && value ? value : null;
};

/** The account of the request's session, or null (no cookie, a forged or stale one). */
export async function readAccountId({ c, settings, repository, now }: { c: Context; settings: CookieSettings; repository: AccountsRepository; now: Date }) {
  const id = await readSigned({ c, settings, name: SESSION_COOKIE });
  return id ? repository.findSession({ sessionHash: hashToken(id), now }) : null;
}

/**
 * A new session id at every login, whatever the browser held before: a session id planted before login (session
 * fixation) never becomes a logged-in one.
 */
export async function startSession({ c, settings, repository, accountId, now }: {
  c: Context; settings: CookieSettings; repository: AccountsRepository; accountId: number; now: Date;
}) {
  const previous = await readSigned({ c, settings, name: SESSION_COOKIE });
  if (previous) await repository.deleteSession({ sessionHash: hashToken(previous) });
  const id = randomToken();
  await repository.createSession({ sessionHash: hashToken(id), accountId, now, expiresAt: new Date(now.getTime() + SESSION_MS) });
  await setSignedCookie(c, SESSION_COOKIE, id, settings.secret, options({ c, settings, maxAgeMs: SESSION_MS }));
  // A new form cookie too: tokens of forms shown before login do not carry over.
  await setSignedCookie(c, FORM_COOKIE, randomToken(), settings.secret, options({ c, settings }));
}

export async function endSession({ c, settings, repository }: { c: Context; settings: CookieSettings; repository: AccountsRepository }) {
  const id = await readSigned({ c, settings, name: SESSION_COOKIE });
  if (id) await repository.deleteSession({ sessionHash: hashToken(id) });
  deleteCookie(c, SESSION_COOKIE, options({ c, settings }));
}

export async function rememberLogin({ c, settings, state }: { c: Context; settings: CookieSettings; state: string }) {
  await setSignedCookie(c, LOGIN_COOKIE, state, settings.secret, options({ c, settings, path: "/auth", maxAgeMs: LOGIN_MS }));
}

export async function takeLoginCookie({ c, settings }: { c: Context; settings: CookieSettings }) {
  const state = await readSigned({ c, settings, name: LOGIN_COOKIE });
  deleteCookie(c, LOGIN_COOKIE, options({ c, settings, path: "/auth" }));
  return state;
}

/** The CSRF token for the page's forms, setting the form cookie when the browser has none yet. */
export async function formToken({ c, settings }: { c: Context; settings: CookieSettings }) {
  let cookie = await readSigned({ c, settings, name: FORM_COOKIE });
  if (!cookie) {
    cookie = randomToken();
    await setSignedCookie(c, FORM_COOKIE, cookie, settings.secret, options({ c, settings }));
  }
  return csrfTokenFor({ secret: settings.secret, cookie });
}

/** Every state-changing form posts `csrf`; without a form cookie or with another token it is refused (403). */
export async function checkCsrf({ c, settings, given }: { c: Context; settings: CookieSettings; given: unknown }) {
  const cookie = await readSigned({ c, settings, name: FORM_COOKIE });
  if (!cookie) throw createForbiddenError({ message: "This form has expired (no form cookie): reload the page and send it again" });
  if (typeof given !== "string" || !given || !matchesCsrf({ secret: settings.secret, cookie, given })) {
    throw createForbiddenError({ message: "This form's security token is missing or wrong: reload the page and send it again" });
  }
}
