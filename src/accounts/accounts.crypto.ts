/**
 * Secrets at rest and in cookies. Refresh tokens are sealed with AES-256-GCM under a key id, so keys rotate: the
 * first key of TOKEN_ENCRYPTION_KEY seals, every listed key opens, and a token is sealed anew under the first key
 * each time SSO rotates it (every refresh). Session ids and login states are random and stored only hashed.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export type KeyRing = { currentId: string; keys: Map<string, Buffer> };
export type Sealed = { keyId: string; data: Buffer };

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function parseKeyRing(text: string): KeyRing {
  const entries = text.split(",").map((entry) => {
    const [id, key] = entry.split(":") as [string, string];
    return [id, Buffer.from(key, "base64")] as const;
  });
  return { currentId: entries[0]![0], keys: new Map(entries) };
}

export function seal({ ring, text }: { ring: KeyRing; text: string }): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", ring.keys.get(ring.currentId)!, iv);
  const body = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return { keyId: ring.currentId, data: Buffer.concat([iv, body, cipher.getAuthTag()]) };
}

/** Throws when the key id is not in the ring or the data was changed (GCM's tag). */
export function open({ ring, sealed }: { ring: KeyRing; sealed: Sealed }) {
  const key = ring.keys.get(sealed.keyId);
  if (!key) throw new Error(`token key ${sealed.keyId} is not in TOKEN_ENCRYPTION_KEY`);
  const iv = sealed.data.subarray(0, IV_BYTES);
  const tag = sealed.data.subarray(sealed.data.length - TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.data.subarray(IV_BYTES, sealed.data.length - TAG_BYTES)), decipher.final()]).toString("utf8");
}

export const randomToken = () => randomBytes(32).toString("base64url");
export const hashToken = (token: string) => createHash("sha256").update(token).digest();

/** PKCE S256 (RFC 7636): the challenge sent to SSO for a verifier kept here. */
export const pkceChallenge = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

/** A form's CSRF token: bound to the browser's form cookie by an HMAC under SESSION_SECRET. */
export const csrfTokenFor = ({ secret, cookie }: { secret: string; cookie: string }) =>
  createHmac("sha256", secret).update(`csrf:${cookie}`).digest("base64url");

export function matchesCsrf({ secret, cookie, given }: { secret: string; cookie: string; given: string }) {
  const expected = Buffer.from(csrfTokenFor({ secret, cookie }));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
