/**
 * Access-token verification, token by token: a small SSO publishing its metadata and a JWKS whose key the test
 * holds, so each claim can be got wrong on purpose. The full flow against the emulated SSO is in accounts.int.test.ts.
 */
import { afterAll, expect, test } from "bun:test";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { createSsoClient } from "./accounts.sso.ts";

type Key = { kid: string; privateKey: CryptoKey; jwk: JWK };
async function makeKey(kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

let published: Key[] = [await makeKey("JWT-Signature-Key")];
let jwksFetches = 0;
const server = Bun.serve({
  port: 0, hostname: "127.0.0.1",
  fetch(request) {
    const { pathname, origin } = new URL(request.url);
    if (pathname === "/.well-known/oauth-authorization-server") {
      return Response.json({ issuer: origin, authorization_endpoint: `${origin}/v2/oauth/authorize`, token_endpoint: `${origin}/v2/oauth/token`,
        jwks_uri: `${origin}/oauth/jwks`, revocation_endpoint: `${origin}/v2/oauth/revoke` });
    }
    if (pathname === "/oauth/jwks") {
      jwksFetches++;
      return Response.json({ keys: published.map((key) => key.jwk), SkipUnresolvedJsonWebKeys: true });
    }
    return new Response("not found", { status: 404 });
  },
});
afterAll(() => server.stop(true));
const origin = `http://127.0.0.1:${server.port}`;

let clock = new Date();
const client = createSsoClient({ baseUrl: origin, clientId: "board-client", callbackUrl: "http://localhost/auth/callback", userAgent: "test", now: () => clock, jwksCooldownMs: 0 });

type Claims = Record<string, unknown>;
async function mint({ key = published[0]!, claims = {}, expiresIn = 1199, alg = "RS256" }: { key?: Key; claims?: Claims; expiresIn?: number; alg?: string } = {}) {
  const now = Math.floor(clock.getTime() / 1000);
  const body = { scp: ["publicData", "esi-killmails.read_killmails.v1"], sub: "CHARACTER:EVE:2112625428", name: "Some Pilot", owner: "b3duZXI=",
    aud: ["board-client", "EVE Online"], iss: origin, azp: "board-client", tenant: "tranquility", tier: "live", region: "world", ...claims };
  return new SignJWT(body).setProtectedHeader({ alg, kid: key.kid, typ: "JWT" }).setIssuedAt(now).setExpirationTime(now + expiresIn).sign(key.privateKey);
}

const refusal = (token: Promise<string>) => token.then((value) => client.verifyAccessToken({ token: value })).then(() => "accepted", (error: Error) => error.message);

test("a valid token names the character, its owner and scopes; a lone scope as a string (EVE's quirk) is read too", async () => {
  expect(await client.verifyAccessToken({ token: await mint() })).toMatchObject({ characterId: 2112625428, name: "Some Pilot", owner: "b3duZXI=",
    scopes: ["publicData", "esi-killmails.read_killmails.v1"] });
  expect((await client.verifyAccessToken({ token: await mint({ claims: { scp: "publicData" } }) })).scopes).toEqual(["publicData"]);
  // EVE's tokens also carry the issuer as a bare host.
  expect(await refusal(mint({ claims: { iss: origin.replace("http://", "") } }))).toBe("accepted");
});

test("a tampered payload fails the signature", async () => {
  const [header, payload, signature] = (await mint()).split(".");
  const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), sub: "CHARACTER:EVE:1" })).toString("base64url");
  expect(await refusal(Promise.resolve(`${header}.${forged}.${signature}`))).toBe("The SSO token's signature is not valid");
});

test("another application's token, one without \"EVE Online\", or another issuer's, is refused by its claim", async () => {
  expect(await refusal(mint({ claims: { aud: ["other-client", "EVE Online"] } }))).toBe('The SSO token was refused: its "aud" claim is wrong');
  expect(await refusal(mint({ claims: { aud: ["board-client"] } }))).toBe('The SSO token was refused: its "aud" claim lacks "EVE Online"');
  expect(await refusal(mint({ claims: { iss: "https://login.example.com" } }))).toBe('The SSO token was refused: its "iss" claim is wrong');
  expect(await refusal(mint({ claims: { sub: "CORPORATION:EVE:1" } }))).toContain("sub must be CHARACTER:EVE:<id>");
});

test("expiry is read on the board's clock", async () => {
  const token = await mint({ expiresIn: 60 });
  clock = new Date(clock.getTime() + 61_000);
  try {
    expect(await refusal(Promise.resolve(token))).toBe("The SSO token has expired");
  } finally {
    clock = new Date(clock.getTime() - 61_000);
  }
  expect(await refusal(Promise.resolve(token))).toBe("accepted");
});

test("an unknown kid fetches the JWKS again: a rotated key is then accepted, a key SSO never published is refused", async () => {
  const before = jwksFetches;
  const rotated = await makeKey("rotated-key");
  published = [rotated];
  expect(await refusal(mint({ key: rotated }))).toBe("accepted");
  expect(jwksFetches).toBe(before + 1);
  expect(await refusal(mint({ key: await makeKey("never-published") }))).toBe("The SSO token is signed with a key SSO does not publish");
});

test("a token that is not a JWT, or signed with another algorithm, is refused", async () => {
  expect(await refusal(Promise.resolve("not-a-jwt"))).toBe("The SSO token is not a valid JWT");
  const hmac = await new SignJWT({ sub: "CHARACTER:EVE:1" }).setProtectedHeader({ alg: "HS256", kid: published[0]!.kid }).sign(new TextEncoder().encode("k".repeat(32)));
  expect(await refusal(Promise.resolve(hmac))).not.toBe("accepted");
});
