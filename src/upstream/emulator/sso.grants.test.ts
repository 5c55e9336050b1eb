import { describe, expect, test } from "bun:test";
import { CODE_LIFETIME_MS, createGrantStore } from "./sso.grants.ts";

const request = { clientId: "app", characterId: 7, scopes: ["a"], redirectUri: "http://x/cb" };
const counter = () => {
  let next = 0;
  return () => `token-${next++}`;
};

describe("grant store", () => {
  test("a code works once and not after five minutes", () => {
    const store = createGrantStore({ newToken: counter() });
    const code = store.issueCode({ request, nowMs: 0 });
    expect(store.takeCode({ code, nowMs: 1 })).toEqual(request);
    expect(store.takeCode({ code, nowMs: 2 })).toBeUndefined();
    const late = store.issueCode({ request, nowMs: 0 });
    expect(store.takeCode({ code: late, nowMs: CODE_LIFETIME_MS })).toBeUndefined();
  });

  test("a refresh token rotates, is kept from other clients, and dies on revoke or invalidation", () => {
    const store = createGrantStore({ newToken: counter() });
    const first = store.issueRefreshToken({ grant: request });
    expect(store.rotateRefreshToken({ token: first, clientId: "other" })).toBeUndefined();
    const rotated = store.rotateRefreshToken({ token: first, clientId: "app" })!;
    expect(rotated.grant.characterId).toBe(7);
    expect(store.rotateRefreshToken({ token: first, clientId: "app" })).toBeUndefined();
    expect(store.revoke({ token: rotated.refreshToken, clientId: "other" })).toBe(false);
    expect(store.revoke({ token: rotated.refreshToken, clientId: "app" })).toBe(true);
    store.issueRefreshToken({ grant: request });
    store.issueRefreshToken({ grant: { ...request, characterId: 8 } });
    expect(store.invalidateCharacter({ characterId: 7 })).toBe(1);
    expect(store.snapshot()).toEqual({ revoked: 1, issuedAccessTokens: 0, activeRefreshTokens: 1 });
  });
});
