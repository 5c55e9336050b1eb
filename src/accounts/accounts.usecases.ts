/**
 * Login with EVE SSO: the start (a state and a PKCE verifier kept server-side, hashed) and the callback (state
 * taken once and matched against this browser's login cookie, code exchanged with the verifier, the access token
 * verified, the character added to the account with its refresh token sealed). Returns data; routes set cookies.
 */
import { createLoginError, SsoError } from "./accounts.errors.ts";
import { hashToken, open, pkceChallenge, randomToken, seal, type KeyRing, type Sealed } from "./accounts.crypto.ts";
import type { AccountsRepository } from "./accounts.repository.ts";
import { CORPORATION_SCOPE, LOGIN_SCOPES, type SsoClient, type VerifiedCharacter } from "./accounts.sso.ts";
import { LOGIN_MS } from "./accounts.session.ts";

export type LoginDeps = { repository: AccountsRepository; sso: SsoClient; ring: KeyRing; now: () => Date };

/** A character's first sync waits this long after login: time to choose a delay before any kill is found. */
export const FIRST_SYNC_AFTER_MS = 2 * 60_000;

export async function startLogin({ deps, accountId, corporation }: { deps: LoginDeps; accountId: number | null; corporation: boolean }) {
  const state = randomToken();
  const codeVerifier = randomToken();
  await deps.repository.saveLogin({ stateHash: hashToken(state), codeVerifier, accountId, expiresAt: new Date(deps.now().getTime() + LOGIN_MS) });
  const scopes = corporation ? [...LOGIN_SCOPES, CORPORATION_SCOPE] : LOGIN_SCOPES;
  return { state, url: await deps.sso.authorizeUrl({ state, codeChallenge: pkceChallenge(codeVerifier), scopes }) };
}

/**
 * The account the character joins: the one still logged in that started the login, else its own while it has the
 * same owner, else a new one. A changed `owner` means the character was sold: the buyer never gets into the
 * seller's account, and the seller's sessions and held kills lose it.
 */
async function accountFor({ deps, character, startedBy }: { deps: LoginDeps; character: VerifiedCharacter; startedBy: number | null }) {
  if (startedBy) return startedBy;
  const known = await deps.repository.findAccountOfCharacter({ characterId: character.characterId });
  if (known && known.ownerHash === character.owner) return known.accountId;
  if (known) {
    const sealed = await deps.repository.removeCharacter({ accountId: known.accountId, characterId: character.characterId });
    if (sealed) await revokeSealed({ deps, sealed });
  }
  return deps.repository.createAccount();
}

/** `currentAccountId`: the browser's session now; a login started by an account that has since logged out joins none. */
export async function finishLogin({ deps, code, state, cookieState, currentAccountId }: {
  deps: LoginDeps; code: string; state: string; cookieState: string | null; currentAccountId: number | null;
}) {
  if (!cookieState || cookieState !== state) {
    throw createLoginError({ code: "state_mismatch", message: "This login was not started in this browser (its state does not match): log in again" });
  }
  const login = await deps.repository.takeLogin({ stateHash: hashToken(state), now: deps.now() });
  if (!login) throw createLoginError({ code: "state_unknown", message: "This login has expired or was already used: log in again" });
  const tokens = await deps.sso.exchangeCode({ code, codeVerifier: login.codeVerifier }).catch((error) => {
    if (!(error instanceof SsoError)) throw error;
    throw createLoginError({ code: "code_refused", message: `EVE SSO refused the login: ${error.message}`, cause: error });
  });
  const character = await deps.sso.verifyAccessToken({ token: tokens.access_token });
  const startedBy = login.accountId !== null && login.accountId === currentAccountId ? login.accountId : null;
  const accountId = await accountFor({ deps, character, startedBy });
  await deps.repository.saveCharacter({ accountId, character: {
    characterId: character.characterId, characterName: character.name, ownerHash: character.owner,
    scopes: character.scopes, token: seal({ ring: deps.ring, text: tokens.refresh_token }), now: deps.now(),
    firstSyncAt: new Date(deps.now().getTime() + FIRST_SYNC_AFTER_MS),
  } });
  return { accountId, character };
}

/** Revokes a sealed refresh token at SSO; a token that cannot be opened or revoked is gone from here anyway. */
export async function revokeSealed({ deps, sealed }: { deps: Pick<LoginDeps, "sso" | "ring">; sealed: Sealed }) {
  try {
    return await deps.sso.revoke({ refreshToken: open({ ring: deps.ring, sealed }) });
  } catch {
    return false;
  }
}
