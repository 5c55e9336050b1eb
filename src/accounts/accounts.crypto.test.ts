import { expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { csrfTokenFor, matchesCsrf, open, parseKeyRing, pkceChallenge, seal } from "./accounts.crypto.ts";

const key = () => randomBytes(32).toString("base64");

test("a sealed refresh token opens with its key id, also after a new key is put first; a changed byte or a dropped key refuses", () => {
  const old = parseKeyRing(`k1:${key()}`);
  const sealed = seal({ ring: old, text: "refresh-token-value" });
  expect(sealed.keyId).toBe("k1");
  expect(sealed.data.toString("utf8")).not.toContain("refresh-token-value");
  const rotated = parseKeyRing(`k2:${key()},k1:${[...old.keys.values()][0]!.toString("base64")}`);
  expect(open({ ring: rotated, sealed })).toBe("refresh-token-value");
  expect(seal({ ring: rotated, text: "x" }).keyId).toBe("k2");
  const tampered = Buffer.from(sealed.data);
  tampered[20] = tampered[20]! ^ 1;
  expect(() => open({ ring: rotated, sealed: { ...sealed, data: tampered } })).toThrow();
  expect(() => open({ ring: parseKeyRing(`k2:${key()}`), sealed })).toThrow("token key k1 is not in TOKEN_ENCRYPTION_KEY");
});

test("PKCE S256 is base64url(sha256(verifier)) (RFC 7636's example)", () => {
  expect(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
});

test("a CSRF token matches only the form cookie and secret it was made for", () => {
  const token = csrfTokenFor({ secret: "s".repeat(32), cookie: "cookie-a" });
  expect(matchesCsrf({ secret: "s".repeat(32), cookie: "cookie-a", given: token })).toBe(true);
  expect(matchesCsrf({ secret: "s".repeat(32), cookie: "cookie-b", given: token })).toBe(false);
  expect(matchesCsrf({ secret: "t".repeat(32), cookie: "cookie-a", given: token })).toBe(false);
  expect(matchesCsrf({ secret: "s".repeat(32), cookie: "cookie-a", given: "" })).toBe(false);
});
