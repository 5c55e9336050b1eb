/**
 * EVE SSO access tokens (UPSTREAMS e., shared/data/sso/jwt-claims.example.json): RS256 JWTs, 1199 s long, with
 * EVE's claim set. One quirk is reproduced on purpose: `scp` is a plain string when exactly one scope was
 * granted (and absent with none), an array otherwise, so clients must read both shapes.
 */
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import type { Grant } from "./sso.grants.ts";
import { findSsoCharacter, ownerHashOf } from "./sso.characters.ts";
import type { SigningKey, SigningKeys } from "./sso.keys.ts";

// The token response's expires_in (UPSTREAMS e.: 1199 s in several client docstrings).
export const ACCESS_TOKEN_LIFETIME_SECONDS = 1199;
const SUBJECT = /^CHARACTER:EVE:(\d+)$/;

export type AccessClaims = JWTPayload & { scp?: string | string[]; sub: string; name: string; owner: string; azp: string };

const scpOf = (scopes: string[]) => (scopes.length === 1 ? scopes[0] : scopes.length ? scopes : undefined);

export async function mintAccessToken({ key, grant, issuer, nowMs }: { key: SigningKey; grant: Grant; issuer: string; nowMs: number }) {
  const character = findSsoCharacter(grant.characterId);
  if (!character) throw new Error(`no emulated character ${grant.characterId}`);
  const iat = Math.floor(nowMs / 1000);
  const scp = scpOf(grant.scopes);
  // Claim order of CCP's example.
  const claims = {
    ...(scp === undefined ? {} : { scp }),
    jti: crypto.randomUUID(),
    kid: key.kid,
    sub: `CHARACTER:EVE:${character.id}`,
    azp: grant.clientId,
    tenant: "tranquility",
    tier: "live",
    region: "world",
    aud: [grant.clientId, "EVE Online"],
    name: character.name,
    owner: ownerHashOf({ characterId: character.id }),
    exp: iat + ACCESS_TOKEN_LIFETIME_SECONDS,
    iat,
    iss: issuer,
  };
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" }).sign(key.privateKey);
}

export type TokenCheck = { claims: AccessClaims; characterId: number; scopes: string[] } | { problem: "invalid" | "expired" };

/** Checks signature (any key this emulator issued) and expiry against the emulator's clock; issuer and audience are the client's business. */
export async function verifyAccessToken({ keys, token, nowMs }: { keys: SigningKeys; token: string; nowMs: number }): Promise<TokenCheck> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return { problem: "invalid" };
  }
  const key = kid ? keys.keyFor(kid) : undefined;
  if (!key) return { problem: "invalid" };
  try {
    const { payload } = await jwtVerify(token, (await key).publicKey, { algorithms: ["RS256"], currentDate: new Date(nowMs) });
    const characterId = Number(SUBJECT.exec(String(payload.sub))?.[1]);
    if (!Number.isInteger(characterId)) return { problem: "invalid" };
    return { claims: payload as AccessClaims, characterId, scopes: scopesOf({ scp: (payload as AccessClaims).scp }) };
  } catch (error) {
    return { problem: error instanceof errors.JWTExpired ? "expired" : "invalid" };
  }
}

export const scopesOf = ({ scp }: { scp: unknown }): string[] =>
  typeof scp === "string" ? [scp] : Array.isArray(scp) ? scp.filter((scope): scope is string => typeof scope === "string") : [];

/** `<azp>:<character>` of a bearer token without checking it: ESI's bucket user on authenticated routes. */
export function bucketUserOf({ authorization }: { authorization: string | undefined }) {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (!token) return undefined;
  try {
    const { azp, sub } = decodeJwt(token);
    const characterId = SUBJECT.exec(String(sub))?.[1];
    return typeof azp === "string" && characterId ? `${azp}:${characterId}` : undefined;
  } catch {
    return undefined;
  }
}
