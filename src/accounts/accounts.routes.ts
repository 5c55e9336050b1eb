/**
 * `/login/`, `/auth/callback`, `/logout/` and `/account/`: EVE SSO login and the account page with its forms
 * (delay, remove a character). Every answer is per visitor, so `no-store` keeps it out of the microcache and
 * shared caches; every form carries a CSRF token and works without JavaScript (POST, then a redirect back).
 */
import { Hono, type Context } from "hono";
import { AppError } from "../app/errors.ts";
import { presentSummaries } from "../killmails/killmail.lists.ts";
import { createKillmailReadRepository } from "../killmails/killmail.read.repository.ts";
import type { PageDeps } from "../present/present.deps.ts";
import type { KeyRing } from "./accounts.crypto.ts";
import { createLoginError } from "./accounts.errors.ts";
import { presentAccountPage } from "./accounts.present.ts";
import { createAccountsRepository, type AccountsRepository } from "./accounts.repository.ts";
import { delayFormSchema } from "./accounts.schemas.ts";
import { checkCsrf, endSession, formToken, readAccountId, rememberLogin, startSession, takeLoginCookie, type CookieSettings } from "./accounts.session.ts";
import type { SsoClient } from "./accounts.sso.ts";
import { finishLogin, revokeSealed, startLogin } from "./accounts.usecases.ts";

export const NO_STORE = { "Cache-Control": "no-store" };
const FEED_SIZE = 25;

export type AccountsWebDeps = Pick<PageDeps, "sql" | "universe" | "renderer" | "now"> & {
  cookies: CookieSettings;
  /** Null when EVE_CLIENT_ID, EVE_CALLBACK_URL or TOKEN_ENCRYPTION_KEY is unset: no login on this board. */
  login: { sso: SsoClient; ring: KeyRing } | null;
};

function requireLogin(deps: AccountsWebDeps) {
  if (!deps.login) throw new AppError({ code: "login.off", message: "Logging in is not set up on this board (EVE_CLIENT_ID, EVE_CALLBACK_URL, TOKEN_ENCRYPTION_KEY).", status: 404 });
  return deps.login;
}

async function accountOf({ c, deps, repository }: { c: Context; deps: AccountsWebDeps; repository: AccountsRepository }) {
  return readAccountId({ c, settings: deps.cookies, repository, now: deps.now() });
}

/** A fixed sentence per OAuth error code: the callback's query is anyone's to write, so its free text is not shown. */
function describeSsoRefusal(error: string) {
  if (error === "access_denied") return "EVE SSO did not log you in: the login was declined";
  return `EVE SSO did not log you in (${/^[a-z_]{1,40}$/.test(error) ? error : "an unknown error"}): log in again`;
}

function notOnAccount(): never {
  throw new AppError({ code: "account.character", message: "No such character on this account", status: 404 });
}

const characterParam = (c: Context) => {
  const text = c.req.param("id") ?? "";
  return /^\d{1,12}$/.test(text) ? Number(text) : notOnAccount();
};

async function renderAccount({ c, deps, repository, accountId }: { c: Context; deps: AccountsWebDeps; repository: AccountsRepository; accountId: number }) {
  const [characters, held] = await Promise.all([repository.listCharacters({ accountId }), repository.listHeld({ accountId })]);
  const reads = createKillmailReadRepository({ sql: deps.sql });
  const feed = characters.length ? await reads.listKillmailsOfCharacters({ characterIds: characters.map((row) => row.characterId), limit: FEED_SIZE }) : [];
  const rows = await presentSummaries({ sql: deps.sql, universe: deps.universe, rows: feed });
  const csrf = await formToken({ c, settings: deps.cookies });
  const page = presentAccountPage({ characters, held, rows, csrf, now: deps.now(), notice: c.req.query("done") ?? "" });
  return c.html(deps.renderer.render("account", page), 200, NO_STORE);
}

function createAccountFormRoutes({ deps, repository }: { deps: AccountsWebDeps; repository: AccountsRepository }) {
  /** A logged-in POST with a valid CSRF token, or an error page. */
  async function guardedForm(c: Context) {
    const form = await c.req.parseBody();
    await checkCsrf({ c, settings: deps.cookies, given: form.csrf });
    const accountId = await accountOf({ c, deps, repository });
    if (!accountId) throw new AppError({ code: "account.session", message: "You are not logged in (or your session ended): log in again", status: 401 });
    return { form, accountId };
  }

  return new Hono()
    .post("/account/characters/:id/delay", async (c) => {
      const { form, accountId } = await guardedForm(c);
      const parsed = delayFormSchema.safeParse(form);
      if (!parsed.success) throw new AppError({ code: "account.delay", message: parsed.error.issues[0]!.message, status: 400 });
      if (!(await repository.setDelay({ accountId, characterId: characterParam(c), delayMinutes: parsed.data.delay }))) notOnAccount();
      return c.redirect("/account/?done=delay", 303);
    })
    .post("/account/characters/:id/remove", async (c) => {
      const { accountId } = await guardedForm(c);
      const sealed = await repository.removeCharacter({ accountId, characterId: characterParam(c) });
      if (!sealed) notOnAccount();
      if (deps.login) await revokeSealed({ deps: deps.login, sealed });
      return c.redirect("/account/?done=removed", 303);
    })
    .post("/logout/", async (c) => {
      const { form, accountId } = await guardedForm(c);
      await endSession({ c, settings: deps.cookies, repository });
      // Logging out revokes every character's refresh token at SSO and forgets them, unless asked to keep syncing.
      if (form.keep !== "1") await revokeAll({ deps, repository, accountId });
      return c.redirect("/", 303);
    });
}

/** The board forgets first, then SSO is asked to revoke, all at once (a slow SSO only delays the redirect). */
async function revokeAll({ deps, repository, accountId }: { deps: AccountsWebDeps; repository: AccountsRepository; accountId: number }) {
  await repository.deleteAccountSessions({ accountId });
  const removed = await Promise.all((await repository.listCharacters({ accountId })).map((character) =>
    repository.removeCharacter({ accountId, characterId: character.characterId })));
  const login = deps.login;
  if (login) await Promise.all(removed.flatMap((sealed) => (sealed ? [revokeSealed({ deps: login, sealed })] : [])));
}

export function createAccountRoutes({ deps }: { deps: AccountsWebDeps }) {
  const repository = createAccountsRepository({ sql: deps.sql });
  return new Hono()
    .get("/login/", async (c) => {
      const login = requireLogin(deps);
      const accountId = await accountOf({ c, deps, repository });
      const { state, url } = await startLogin({ deps: { ...login, repository, now: deps.now }, accountId, corporation: c.req.query("corporation") === "1" });
      await rememberLogin({ c, settings: deps.cookies, state });
      c.header("Cache-Control", "no-store");
      return c.redirect(url, 302);
    })
    .get("/auth/callback", async (c) => {
      const login = requireLogin(deps);
      const cookieState = await takeLoginCookie({ c, settings: deps.cookies });
      const { code, state, error } = c.req.query();
      if (error) throw createLoginError({ code: "denied", message: describeSsoRefusal(error) });
      if (!code || !state) throw createLoginError({ code: "callback", message: "The SSO callback lacks its code or state: log in again" });
      const currentAccountId = await accountOf({ c, deps, repository });
      const { accountId } = await finishLogin({ deps: { ...login, repository, now: deps.now }, code, state, cookieState, currentAccountId });
      await startSession({ c, settings: deps.cookies, repository, accountId, now: deps.now() });
      c.header("Cache-Control", "no-store");
      return c.redirect("/account/", 303);
    })
    .get("/account/", async (c) => {
      const accountId = await accountOf({ c, deps, repository });
      if (!accountId) {
        const csrf = await formToken({ c, settings: deps.cookies });
        return c.html(deps.renderer.render("account", presentAccountPage({ characters: [], held: [], rows: [], csrf, now: deps.now(), notice: "", loginOff: !deps.login, anonymous: true })), 200, NO_STORE);
      }
      return renderAccount({ c, deps, repository, accountId });
    })
    .route("/", createAccountFormRoutes({ deps, repository }));
}
