/**
 * The emulated SSO's signing keys. EVE signs access tokens with an RS256 key whose kid is "JWT-Signature-Key"
 * (UPSTREAMS e., shared/data/sso/jwks.json); the emulator mints its own at first use (not at start, so emulators
 * that never log anyone in cost nothing). Rotation puts a new key under a new kid: JWKS then lists only the new
 * one, so a client's "unknown kid → refetch JWKS" path can be driven. Retired keys are still known to the
 * emulated ESI, which accepts tokens they signed until those expire (as a real rotation keeps a grace period).
 */
import { exportJWK, generateKeyPair } from "jose";

export const FIRST_KID = "JWT-Signature-Key";

export type SigningKey = { kid: string; privateKey: CryptoKey; publicKey: CryptoKey; jwk: Record<string, unknown> };

async function generateSigningKey({ kid }: { kid: string }): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const { e, kty, n } = await exportJWK(publicKey);
  // Field order of the real document.
  return { kid, privateKey, publicKey, jwk: { alg: "RS256", e, kid, kty, n, use: "sig" } };
}

export function createSigningKeys() {
  let generation = 0;
  let current: Promise<SigningKey> | undefined;
  const known = new Map<string, Promise<SigningKey>>();

  const kidOf = (index: number) => (index === 0 ? FIRST_KID : `${FIRST_KID}-${index + 1}`);

  function currentKey() {
    if (!current) {
      const kid = kidOf(generation);
      current = generateSigningKey({ kid });
      known.set(kid, current);
    }
    return current;
  }

  return {
    currentKey,
    /** The kid tokens are signed with now, without generating the key. */
    currentKid: () => kidOf(generation),
    async rotate() {
      generation++;
      current = undefined;
      return (await currentKey()).kid;
    },
    /** A key by kid, retired ones included; undefined for a kid this emulator never issued. */
    keyFor: (kid: string) => known.get(kid),
    jwks: async () => ({ keys: [(await currentKey()).jwk], SkipUnresolvedJsonWebKeys: true }),
  };
}

export type SigningKeys = ReturnType<typeof createSigningKeys>;
