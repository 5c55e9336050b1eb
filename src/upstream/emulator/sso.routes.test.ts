import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { startTestEmulator, type TestEmulator } from "./emulator.testing.ts";
import { SSO_CHARACTERS } from "./sso.characters.ts";
import { s256 } from "./sso.exchange.ts";
import { authorizeWithShortcut, loginWithSso, postTokenForm, TEST_CLIENT_ID, TEST_REDIRECT_URI, type TokenBody } from "./sso.testing.ts";

const [DIRECTOR, WINGMATE] = SSO_CHARACTERS;
const SCOPES = ["esi-killmails.read_killmails.v1", "esi-killmails.read_corporation_killmails.v1"];

let sandbox: TestEmulator;
let base: string;
beforeAll(async () => {
  sandbox = await startTestEmulator();
  base = sandbox.server.url;
});
afterEach(() => void sandbox.emulator.clock.setOffset(0));
afterAll(() => sandbox.stop());

const exchangeCode = ({ code, verifier, clientId = TEST_CLIENT_ID }: { code: string; verifier: string; clientId?: string }) =>
  postTokenForm({ base, form: { grant_type: "authorization_code", code, code_verifier: verifier, client_id: clientId } });
const refresh = ({ token }: { token: string }) => postTokenForm({ base, form: { grant_type: "refresh_token", refresh_token: token, client_id: TEST_CLIENT_ID } });
const errorOf = async (response: Response) => ({ status: response.status, error: ((await response.json()) as { error: string }).error });
const authorizeQuery = (params: Record<string, string>) =>
  new URLSearchParams({ response_type: "code", client_id: TEST_CLIENT_ID, redirect_uri: TEST_REDIRECT_URI, scope: SCOPES.join(" "), ...params });

describe("SSO discovery", () => {
  test("the metadata names the origin the request reached as issuer and every endpoint on it", async () => {
    const metadata = await (await sandbox.get("/.well-known/oauth-authorization-server")).json();
    expect(metadata.issuer).toBe(base);
    for (const key of ["authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri", "revocation_endpoint"]) expect(metadata[key].startsWith(`${base}/`)).toBe(true);
    expect(metadata.token_endpoint).toBe(`${base}/v2/oauth/token`);
    expect(metadata.code_challenge_methods_supported).toEqual(["S256"]);
  });

  test("JWKS lists one RS256 signing key under EVE's kid", async () => {
    const jwks = await (await sandbox.get("/oauth/jwks")).json();
    expect(jwks.SkipUnresolvedJsonWebKeys).toBe(true);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ alg: "RS256", kid: "JWT-Signature-Key", kty: "RSA", e: "AQAB", use: "sig" });
  });
});

describe("authorize", () => {
  test("the page names the client and scopes, lists the characters and escapes what the request sent", async () => {
    const response = await sandbox.get(`/v2/oauth/authorize?${authorizeQuery({ client_id: "<b>evil</b>", state: `"x"` })}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("&lt;b&gt;evil&lt;/b&gt;");
    expect(html).not.toContain("<b>evil</b>");
    expect(html).toContain('name="state" value="&quot;x&quot;"');
    for (const character of SSO_CHARACTERS) expect(html).toContain(`value="${character.id}"`);
    for (const scope of SCOPES) expect(html).toContain(scope);
    expect(html).toContain('<form method="post" action="/v2/oauth/authorize">');
  });

  test("a bad request is a 400 page saying what is wrong", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ client_id: "" }, "Missing client_id"],
      [{ redirect_uri: "" }, "Missing redirect_uri"],
      [{ response_type: "token" }, "response_type must be code"],
      [{ code_challenge: "abc", code_challenge_method: "plain" }, "code_challenge_method must be S256"],
      [{ character_id: "42", approve: "1" }, "Unknown character 42"],
    ];
    for (const [params, message] of cases) {
      const response = await sandbox.get(`/v2/oauth/authorize?${authorizeQuery(params)}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(message);
    }
  });

  test("the form's POST redirects with a code and the state echoed exactly, and without state when none was sent", async () => {
    const form = { ...Object.fromEntries(authorizeQuery({ state: "a b&c=d" })), character_id: String(DIRECTOR!.id), decision: "approve" };
    const response = await postTokenForm({ base, form, path: "/v2/oauth/authorize" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(TEST_REDIRECT_URI);
    expect(location.searchParams.get("code")).toMatch(/^[\w-]{20,}$/);
    expect(location.searchParams.get("state")).toBe("a b&c=d");
    const stateless = await postTokenForm({ base, form: { ...Object.fromEntries(authorizeQuery({})), character_id: String(DIRECTOR!.id) }, path: "/v2/oauth/authorize" });
    expect(new URL(stateless.headers.get("location")!).searchParams.has("state")).toBe(false);
  });

  test("Cancel sends the browser back with access_denied", async () => {
    const response = await postTokenForm({ base, form: { ...Object.fromEntries(authorizeQuery({ state: "s" })), decision: "deny" }, path: "/v2/oauth/authorize" });
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("s");
  });
});

describe("code exchange", () => {
  test("the right verifier gets EVE's token answer, exactly those four fields", async () => {
    const { code, verifier } = await authorizeWithShortcut({ base, characterId: DIRECTOR!.id, scopes: SCOPES });
    const response = await exchangeCode({ code, verifier });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(Object.keys(body)).toEqual(["access_token", "expires_in", "token_type", "refresh_token"]);
    expect(body).toMatchObject({ expires_in: 1199, token_type: "Bearer" });
  });

  test("a wrong verifier, a reused code and another client's code are invalid_grant", async () => {
    const first = await authorizeWithShortcut({ base, characterId: DIRECTOR!.id, scopes: SCOPES });
    expect(await errorOf(await exchangeCode({ code: first.code, verifier: "not-the-verifier" }))).toEqual({ status: 400, error: "invalid_grant" });
    const second = await authorizeWithShortcut({ base, characterId: DIRECTOR!.id, scopes: SCOPES });
    expect((await exchangeCode(second)).status).toBe(200);
    expect(await errorOf(await exchangeCode(second))).toEqual({ status: 400, error: "invalid_grant" });
    const third = await authorizeWithShortcut({ base, characterId: DIRECTOR!.id, scopes: SCOPES });
    expect(await errorOf(await exchangeCode({ ...third, clientId: "someone-else" }))).toEqual({ status: 400, error: "invalid_grant" });
  });

  test("a code is worth nothing six minutes later on the emulator's clock", async () => {
    const { code, verifier } = await authorizeWithShortcut({ base, characterId: DIRECTOR!.id, scopes: SCOPES });
    await sandbox.post("/_emulator/clock", { advanceMs: 6 * 60_000 });
    expect(await errorOf(await exchangeCode({ code, verifier }))).toEqual({ status: 400, error: "invalid_grant" });
  });

  test("a confidential client authenticates with Basic client_id:secret", async () => {
    const { code, verifier } = await authorizeWithShortcut({ base, characterId: WINGMATE!.id, scopes: SCOPES, clientId: "confidential" });
    const basic = `Basic ${Buffer.from("confidential:s3cret").toString("base64")}`;
    const response = await postTokenForm({ base, form: { grant_type: "authorization_code", code, code_verifier: verifier }, headers: { authorization: basic } });
    expect(response.status).toBe(200);
  });

  test("no client, no form body and an unknown grant type are refused with their codes", async () => {
    expect(await errorOf(await postTokenForm({ base, form: { grant_type: "authorization_code", code: "x" } }))).toEqual({ status: 400, error: "invalid_client" });
    const json = await fetch(`${base}/v2/oauth/token`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(await errorOf(json)).toEqual({ status: 400, error: "invalid_request" });
    expect(await errorOf(await postTokenForm({ base, form: { grant_type: "password", client_id: TEST_CLIENT_ID } }))).toEqual({ status: 400, error: "unsupported_grant_type" });
  });
});

describe("access tokens", () => {
  test("the JWT verifies against /oauth/jwks with the issuer and audience and carries EVE's claims", async () => {
    const tokens = await loginWithSso({ base, characterId: DIRECTOR!.id, scopes: SCOPES });
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(`${base}/oauth/jwks`)), { issuer: base, audience: TEST_CLIENT_ID });
    expect(protectedHeader).toEqual({ alg: "RS256", kid: "JWT-Signature-Key", typ: "JWT" });
    expect(payload).toMatchObject({ sub: `CHARACTER:EVE:${DIRECTOR!.id}`, name: DIRECTOR!.name, azp: TEST_CLIENT_ID, tenant: "tranquility", tier: "live", region: "world", scp: SCOPES, kid: "JWT-Signature-Key" });
    expect(payload.aud).toEqual([TEST_CLIENT_ID, "EVE Online"]);
    expect(payload.exp! - payload.iat!).toBe(1199);
    expect(String(payload.owner)).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });

  test("one granted scope is a plain string in scp, as EVE sends it", async () => {
    const tokens = await loginWithSso({ base, characterId: WINGMATE!.id, scopes: [SCOPES[0]!] });
    const { payload } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(`${base}/oauth/jwks`)));
    expect(payload.scp).toBe(SCOPES[0]);
  });

  test("verify describes a live token and refuses an expired one", async () => {
    const tokens = await loginWithSso({ base, characterId: DIRECTOR!.id, scopes: SCOPES });
    const bearer = { headers: { authorization: `Bearer ${tokens.access_token}` } };
    const described = await (await sandbox.get("/v2/oauth/verify", bearer)).json();
    expect(described).toMatchObject({ CharacterID: DIRECTOR!.id, CharacterName: DIRECTOR!.name, Scopes: SCOPES.join(" "), TokenType: "Character", IntellectualProperty: "EVE" });
    expect(described.ExpiresOn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    await sandbox.post("/_emulator/clock", { advanceMs: 20 * 60_000 });
    expect((await sandbox.get("/v2/oauth/verify", bearer)).status).toBe(401);
    expect((await sandbox.get("/v2/oauth/verify")).status).toBe(401);
  });
});

describe("refresh, revoke, invalidate, rotate", () => {
  const login = () => loginWithSso({ base, characterId: WINGMATE!.id, scopes: SCOPES });

  test("a refresh gives a new access and refresh token, and the old refresh token stops working", async () => {
    const tokens = await login();
    const response = await refresh({ token: tokens.refresh_token });
    expect(response.status).toBe(200);
    const renewed = (await response.json()) as TokenBody;
    expect(renewed.refresh_token).not.toBe(tokens.refresh_token);
    expect(renewed.access_token).not.toBe(tokens.access_token);
    expect(await errorOf(await refresh({ token: tokens.refresh_token }))).toEqual({ status: 400, error: "invalid_grant" });
    expect((await refresh({ token: renewed.refresh_token })).status).toBe(200);
  });

  test("a revoked refresh token is invalid_grant and the control API counts it", async () => {
    const before = await (await sandbox.get("/_emulator/sso")).json();
    const tokens = await login();
    const revoked = await postTokenForm({ base, path: "/v2/oauth/revoke", form: { token: tokens.refresh_token, token_type_hint: "refresh_token", client_id: TEST_CLIENT_ID } });
    expect(revoked.status).toBe(200);
    expect(await revoked.text()).toBe("");
    expect(await errorOf(await refresh({ token: tokens.refresh_token }))).toEqual({ status: 400, error: "invalid_grant" });
    const after = await (await sandbox.get("/_emulator/sso")).json();
    expect(after.revoked).toBe(before.revoked + 1);
    expect(after.issuedAccessTokens).toBe(before.issuedAccessTokens + 1);
    expect(after.characters).toHaveLength(3);
  });

  test("invalidating a character kills all its refresh tokens", async () => {
    const [one, two] = [await login(), await login()];
    const answer = await (await sandbox.post("/_emulator/sso/invalidate", { characterId: WINGMATE!.id })).json();
    expect(answer.invalidated).toBeGreaterThanOrEqual(2);
    for (const tokens of [one, two]) expect(await errorOf(await refresh({ token: tokens.refresh_token }))).toEqual({ status: 400, error: "invalid_grant" });
    expect((await sandbox.post("/_emulator/sso/invalidate", { characterId: 1 })).status).toBe(400);
  });

  test("a key rotation signs new tokens under a new kid that JWKS then lists alone", async () => {
    const { kid } = await (await sandbox.post("/_emulator/sso/rotate-key", {})).json();
    expect(kid).not.toBe("JWT-Signature-Key");
    const jwks = await (await sandbox.get("/oauth/jwks")).json();
    expect(jwks.keys.map((key: { kid: string }) => key.kid)).toEqual([kid]);
    const tokens = await login();
    expect(decodeProtectedHeader(tokens.access_token).kid).toBe(kid);
  });
});

test("the PKCE challenge is base64url(SHA-256(verifier)) (RFC 7636 appendix B)", () => {
  expect(s256({ verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk" })).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
});
