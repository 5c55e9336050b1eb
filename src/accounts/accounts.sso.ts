/**
 * The board's EVE SSO client (UPSTREAMS e): endpoints from the metadata document, authorization code with PKCE
 * S256, refresh, revoke, and access-token verification with jose against the JWKS (jose caches it and fetches it
 * again when a token names an unknown `kid`). Verification checks the signature (RS256 only), `iss` (the
 * metadata's issuer, or EVE's bare host form), `aud` (the client id and "EVE Online", both), `exp` on the board's
 * clock and `sub`. No token ever reaches a log: errors carry SSO's error code and description only.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import { HOUR_MS } from "../app/time.ts";
import { createLoginError, createSsoUnavailableError, SsoError } from "./accounts.errors.ts";
import { accessClaimsSchema, oauthErrorSchema, ssoMetadataSchema, tokenResponseSchema, type SsoMetadata, type TokenResponse } from "./accounts.schemas.ts";

export const LOGIN_SCOPES = ["publicData", "esi-killmails.read_killmails.v1"] as const;
export const CORPORATION_SCOPE = "esi-killmails.read_corporation_killmails.v1";
const METADATA_TTL_MS = 24 * HOUR_MS;
const TIMEOUT_MS = 10_000;

export type SsoSettings = {
  baseUrl: string; clientId: string; clientSecret?: string; callbackUrl: string; userAgent: string; now: () => Date;
  /** How soon after one JWKS fetch a token with an unknown `kid` may cause another (jose's default: 30 s). */
  jwksCooldownMs?: number;
};
export type VerifiedCharacter = { characterId: number; name: string; owner: string; scopes: string[]; expiresAt: Date };

/** EVE's tokens carry `iss` as the metadata's URL or as its bare host ("login.eveonline.com"). */
const issuersOf = (issuer: string) => {
  const bare = issuer.replace(/^https?:\/\//, "").replace(/\/$/, "");
  return [...new Set([issuer, bare])];
};

function describeJoseError(error: unknown) {
  // The JWKS could not be fetched: SSO is down, the token is not at fault.
  if (error instanceof joseErrors.JWKSTimeout || error instanceof TypeError || (error instanceof Error && error.name === "AbortError")) {
    return createSsoUnavailableError({ cause: error });
  }
  if (error instanceof joseErrors.JWTExpired) return createLoginError({ code: "token_expired", message: "The SSO token has expired", cause: error });
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return createLoginError({ code: "token_claims", message: `The SSO token was refused: its "${error.claim}" claim is wrong`, cause: error });
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) return createLoginError({ code: "token_key", message: "The SSO token is signed with a key SSO does not publish", cause: error });
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return createLoginError({ code: "token_signature", message: "The SSO token's signature is not valid", cause: error });
  return createLoginError({ code: "token_invalid", message: "The SSO token is not a valid JWT", cause: error });
}

export function createSsoClient(settings: SsoSettings) {
  let metadata: { value: SsoMetadata; until: number; jwks: JWTVerifyGetKey } | null = null;

  async function loadMetadata() {
    if (metadata && metadata.until > Date.now()) return metadata;
    const url = new URL("/.well-known/oauth-authorization-server", settings.baseUrl);
    const value = await fetch(url, { headers: { "User-Agent": settings.userAgent }, signal: AbortSignal.timeout(TIMEOUT_MS) })
      .then(async (response) => (response.ok ? ssoMetadataSchema.parse(await response.json()) : Promise.reject(new Error(`HTTP ${response.status}`))))
      .catch((error) => {
        throw createSsoUnavailableError({ cause: error });
      });
    metadata = { value, until: Date.now() + METADATA_TTL_MS, jwks: createRemoteJWKSet(new URL(value.jwks_uri), { timeoutDuration: TIMEOUT_MS, cooldownDuration: settings.jwksCooldownMs ?? 30_000 }) };
    return metadata;
  }

  /** Basic client authentication with the secret; a public client (no secret) names itself in the body, as PKCE allows. */
  function clientAuth(body: URLSearchParams): Record<string, string> {
    if (!settings.clientSecret) {
      body.set("client_id", settings.clientId);
      return {};
    }
    return { Authorization: `Basic ${Buffer.from(`${settings.clientId}:${settings.clientSecret}`).toString("base64")}` };
  }

  async function postForm({ url, body }: { url: string; body: URLSearchParams }) {
    const headers = { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": settings.userAgent, ...clientAuth(body) };
    return fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
  }

  async function requestTokens(body: URLSearchParams): Promise<TokenResponse> {
    const { value } = await loadMetadata();
    const response = await postForm({ url: value.token_endpoint, body }).catch((error) => {
      throw createSsoUnavailableError({ cause: error });
    });
    const json = await response.json().catch(() => null);
    if (!response.ok) {
      const refusal = oauthErrorSchema.safeParse(json);
      const oauthError = refusal.success ? refusal.data.error : `http_${response.status}`;
      throw new SsoError({ oauthError, message: `SSO refused the token request: ${refusal.success ? (refusal.data.error_description ?? oauthError) : `HTTP ${response.status}`}` });
    }
    const parsed = tokenResponseSchema.safeParse(json);
    if (!parsed.success) throw new SsoError({ oauthError: "bad_response", message: `SSO's token answer is not a token response: ${z.prettifyError(parsed.error)}` });
    return parsed.data;
  }

  return {
    async authorizeUrl({ state, codeChallenge, scopes }: { state: string; codeChallenge: string; scopes: readonly string[] }) {
      const url = new URL((await loadMetadata()).value.authorization_endpoint);
      const query = { response_type: "code", client_id: settings.clientId, redirect_uri: settings.callbackUrl, scope: scopes.join(" "), state,
        code_challenge: codeChallenge, code_challenge_method: "S256" };
      for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
      return url.toString();
    },

    exchangeCode: ({ code, codeVerifier }: { code: string; codeVerifier: string }) =>
      requestTokens(new URLSearchParams({ grant_type: "authorization_code", code, code_verifier: codeVerifier, redirect_uri: settings.callbackUrl })),

    refresh: ({ refreshToken }: { refreshToken: string }) => requestTokens(new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken })),

    /** Best effort: a token SSO no longer knows is as good as revoked. */
    async revoke({ refreshToken }: { refreshToken: string }) {
      const { value } = await loadMetadata();
      const response = await postForm({ url: value.revocation_endpoint, body: new URLSearchParams({ token: refreshToken, token_type_hint: "refresh_token" }) });
      return response.ok;
    },

    async verifyAccessToken({ token }: { token: string }): Promise<VerifiedCharacter> {
      const { value, jwks } = await loadMetadata();
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          algorithms: ["RS256"], issuer: issuersOf(value.issuer), audience: settings.clientId, currentDate: settings.now(), requiredClaims: ["exp", "sub"],
        }));
      } catch (error) {
        throw describeJoseError(error);
      }
      const claims = accessClaimsSchema.safeParse(payload);
      if (!claims.success) throw createLoginError({ code: "token_claims", message: `The SSO token was refused: ${z.prettifyError(claims.error)}` });
      const audiences = [claims.data.aud].flat();
      if (!audiences.includes("EVE Online")) throw createLoginError({ code: "token_claims", message: 'The SSO token was refused: its "aud" claim lacks "EVE Online"' });
      return {
        characterId: Number(claims.data.sub.split(":")[2]), name: claims.data.name, owner: claims.data.owner,
        scopes: [claims.data.scp ?? []].flat().flatMap((scope) => scope.split(" ")).filter(Boolean), expiresAt: new Date(Number(payload.exp) * 1000),
      };
    },
  };
}

export type SsoClient = ReturnType<typeof createSsoClient>;
