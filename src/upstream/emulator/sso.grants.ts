/**
 * What the emulated SSO has handed out: authorization codes (single use, five minutes) and refresh tokens
 * (rotated on every use, as EVE returns a new one with each refresh). Pure state: time is passed in.
 * Invariant: a code or refresh token works at most once; revocation, rotation and the user revoking the app
 * (`invalidateCharacter`) all remove it, so any later use is `invalid_grant`.
 */

// RFC 6749 §4.1.2 recommends at most ten minutes; the brief for the emulator says five.
export const CODE_LIFETIME_MS = 5 * 60_000;

export type Grant = { clientId: string; characterId: number; scopes: string[] };
export type CodeRequest = Grant & { redirectUri: string; codeChallenge?: string };
type PendingCode = CodeRequest & { expiresAt: number };

/** 32 random bytes, base64url: opaque and unguessable, like EVE's codes and refresh tokens. */
export function randomToken() {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}

export function createGrantStore({ newToken = randomToken }: { newToken?: () => string } = {}) {
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Map<string, Grant>();
  const counts = { revoked: 0, issuedAccessTokens: 0 };

  return {
    issueCode({ request, nowMs }: { request: CodeRequest; nowMs: number }) {
      const code = newToken();
      codes.set(code, { ...request, expiresAt: nowMs + CODE_LIFETIME_MS });
      return code;
    },
    /** Consumes the code whatever happens next: a failed exchange (wrong verifier) also burns it. */
    takeCode({ code, nowMs }: { code: string; nowMs: number }): CodeRequest | undefined {
      const pending = codes.get(code);
      codes.delete(code);
      if (!pending || pending.expiresAt <= nowMs) return undefined;
      const { expiresAt: _expiresAt, ...request } = pending;
      return request;
    },
    issueRefreshToken({ grant }: { grant: Grant }) {
      const token = newToken();
      refreshTokens.set(token, { clientId: grant.clientId, characterId: grant.characterId, scopes: [...grant.scopes] });
      return token;
    },
    /** The grant behind a refresh token and its replacement; the old token is gone. Another client's token is refused and kept. */
    rotateRefreshToken({ token, clientId }: { token: string; clientId: string }): { grant: Grant; refreshToken: string } | undefined {
      const grant = refreshTokens.get(token);
      if (!grant || grant.clientId !== clientId) return undefined;
      refreshTokens.delete(token);
      const refreshToken = newToken();
      refreshTokens.set(refreshToken, grant);
      return { grant, refreshToken };
    },
    /** Only the client the token was issued to can revoke it (RFC 7009 §2.1). */
    revoke({ token, clientId }: { token: string; clientId: string }) {
      if (refreshTokens.get(token)?.clientId !== clientId) return false;
      refreshTokens.delete(token);
      counts.revoked++;
      return true;
    },
    /** The user revoked the application on EVE's site: every refresh token of the character dies. */
    invalidateCharacter({ characterId }: { characterId: number }) {
      let count = 0;
      for (const [token, grant] of refreshTokens) {
        if (grant.characterId !== characterId) continue;
        refreshTokens.delete(token);
        count++;
      }
      return count;
    },
    countAccessToken: () => void counts.issuedAccessTokens++,
    snapshot: () => ({ ...counts, activeRefreshTokens: refreshTokens.size }),
  };
}

export type GrantStore = ReturnType<typeof createGrantStore>;
