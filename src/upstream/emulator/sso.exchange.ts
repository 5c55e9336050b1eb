/**
 * The token endpoint's rules (UPSTREAMS e., RFC 6749 §4.1.3/§6, RFC 7636 §4.6): who the client is (Basic
 * `client_id:client_secret`, or a public PKCE client naming itself in the body), and what a code or refresh
 * token is worth. Any secret is accepted: the emulator has no application registry, only the client_id binds.
 */
import type { Grant, GrantStore } from "./sso.grants.ts";

export type OAuthErrorCode = "invalid_grant" | "invalid_request" | "unsupported_grant_type" | "invalid_client";
export type OAuthError = { error: OAuthErrorCode; description: string };
export type TokenForm = Record<string, string>;

const fail = (error: OAuthErrorCode, description: string): OAuthError => ({ error, description });

export function readClient({ authorization, form }: { authorization: string | undefined; form: TokenForm }): { clientId: string } | OAuthError {
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const clientId = colon > 0 ? decodeURIComponent(decoded.slice(0, colon)) : "";
    if (!clientId) return fail("invalid_client", "Basic authorization must be base64(client_id:client_secret)");
    return { clientId };
  }
  if (form.client_id) return { clientId: form.client_id };
  return fail("invalid_client", "Client authentication is required (Basic header or client_id for PKCE)");
}

/** base64url(SHA-256(verifier)), the only method EVE supports (code_challenge_methods_supported: S256). */
export const s256 = ({ verifier }: { verifier: string }) => new Bun.CryptoHasher("sha256").update(verifier).digest("base64url");

function redeemCode({ store, form, clientId, nowMs }: { store: GrantStore; form: TokenForm; clientId: string; nowMs: number }) {
  if (!form.code) return fail("invalid_request", "The code parameter is missing");
  const request = store.takeCode({ code: form.code, nowMs });
  if (!request) return fail("invalid_grant", "Authorization code is invalid, expired or already used");
  if (request.clientId !== clientId) return fail("invalid_grant", "Authorization code was issued to another client");
  if (form.redirect_uri && form.redirect_uri !== request.redirectUri) return fail("invalid_grant", "redirect_uri does not match the authorization request");
  if (request.codeChallenge !== undefined) {
    if (!form.code_verifier) return fail("invalid_request", "The code_verifier parameter is missing");
    if (s256({ verifier: form.code_verifier }) !== request.codeChallenge) return fail("invalid_grant", "code_verifier does not match the code_challenge");
  }
  const grant: Grant = { clientId, characterId: request.characterId, scopes: request.scopes };
  return { grant, refreshToken: store.issueRefreshToken({ grant }) };
}

function redeemRefreshToken({ store, form, clientId }: { store: GrantStore; form: TokenForm; clientId: string }) {
  if (!form.refresh_token) return fail("invalid_request", "The refresh_token parameter is missing");
  return store.rotateRefreshToken({ token: form.refresh_token, clientId }) ?? fail("invalid_grant", "Refresh token is invalid, revoked or already used");
}

export function exchangeGrant({ store, form, clientId, nowMs }: {
  store: GrantStore;
  form: TokenForm;
  clientId: string;
  nowMs: number;
}): { grant: Grant; refreshToken: string } | OAuthError {
  if (form.grant_type === "authorization_code") return redeemCode({ store, form, clientId, nowMs });
  if (form.grant_type === "refresh_token") return redeemRefreshToken({ store, form, clientId });
  if (!form.grant_type) return fail("invalid_request", "The grant_type parameter is missing");
  return fail("unsupported_grant_type", `grant_type ${form.grant_type} is not supported`);
}
