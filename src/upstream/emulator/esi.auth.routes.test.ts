import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { generateKeyPair, SignJWT } from "jose";
import { startTestEmulator, type TestEmulator } from "./emulator.testing.ts";
import { CHARACTER_KILLMAILS_SCOPE, CORPORATION_KILLMAILS_SCOPE } from "./esi.auth.routes.ts";
import { SSO_CHARACTERS } from "./sso.characters.ts";
import { loginWithSso, TEST_CLIENT_ID } from "./sso.testing.ts";

const [DIRECTOR, WINGMATE, LONER] = SSO_CHARACTERS as [(typeof SSO_CHARACTERS)[0], (typeof SSO_CHARACTERS)[0], (typeof SSO_CHARACTERS)[0]];
const BOTH_SCOPES = [CHARACTER_KILLMAILS_SCOPE, CORPORATION_KILLMAILS_SCOPE];
const characterPath = (id: number) => `/v1/characters/${id}/killmails/recent/`;
const corporationPath = (id: number) => `/v1/corporations/${id}/killmails/recent/`;

let sandbox: TestEmulator;
beforeAll(async () => {
  sandbox = await startTestEmulator();
});
afterEach(() => void sandbox.emulator.clock.setOffset(0));
afterAll(() => sandbox.stop());

const login = ({ characterId, scopes = BOTH_SCOPES }: { characterId: number; scopes?: string[] }) =>
  loginWithSso({ base: sandbox.server.url, characterId, scopes }).then((tokens) => tokens.access_token);
const getWith = ({ path, token, headers = {} }: { path: string; token?: string; headers?: Record<string, string> }) =>
  sandbox.get(path, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
const answer = async (response: Response) => ({ status: response.status, body: await response.json() });
const privateIdsOf = (characterIds: number[]) =>
  sandbox.emulator.privateKillmails().filter((row) => characterIds.includes(row.character_id)).map((row) => row.killmail_id);

describe("character recent killmails", () => {
  test("without a token it is 401 authorization not provided, with a bad one 401 authorization not valid", async () => {
    expect(await answer(await getWith({ path: characterPath(DIRECTOR.id) }))).toEqual({ status: 401, body: { error: "authorization not provided" } });
    expect(await answer(await getWith({ path: characterPath(DIRECTOR.id), token: "not.a.jwt" }))).toEqual({ status: 401, body: { error: "authorization not valid" } });
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ sub: `CHARACTER:EVE:${LONER.id}`, azp: TEST_CLIENT_ID, scp: BOTH_SCOPES })
      .setProtectedHeader({ alg: "RS256", kid: "JWT-Signature-Key", typ: "JWT" })
      .setExpirationTime("10m")
      .sign(privateKey);
    expect(await answer(await getWith({ path: characterPath(LONER.id), token: forged }))).toEqual({ status: 401, body: { error: "authorization not valid" } });
  });

  test("a token without the scope or for another character is 403", async () => {
    const unscoped = await login({ characterId: LONER.id, scopes: ["esi-skills.read_skills.v1"] });
    expect(await answer(await getWith({ path: characterPath(LONER.id), token: unscoped }))).toEqual({ status: 403, body: { error: "token not valid for scope" } });
    const wingmate = await login({ characterId: WINGMATE.id });
    expect(await answer(await getWith({ path: characterPath(DIRECTOR.id), token: wingmate }))).toEqual({ status: 403, body: { error: "token not valid for this character" } });
  });

  test("the character's private killmails come newest first with ESI's cache, page and bucket headers", async () => {
    const response = await getWith({ path: characterPath(DIRECTOR.id), token: await login({ characterId: DIRECTOR.id }) });
    expect(response.status).toBe(200);
    const rows = (await response.json()) as { killmail_hash: string; killmail_id: number }[];
    expect(rows.map((row) => row.killmail_id).sort()).toEqual(privateIdsOf([DIRECTOR.id]).sort());
    expect(Object.keys(rows[0]!)).toEqual(["killmail_hash", "killmail_id"]);
    const times = sandbox.emulator.privateKillmails().filter((row) => row.character_id === DIRECTOR.id);
    const timeOf = (id: number) => times.find((row) => row.killmail_id === id)!.killmail_time;
    expect(rows.map((row) => timeOf(row.killmail_id))).toEqual(rows.map((row) => timeOf(row.killmail_id)).sort().reverse());
    expect(response.headers.get("etag")).toMatch(/^"[0-9a-f]+"$/);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(response.headers.get("x-pages")).toBe("1");
    for (const header of ["expires", "last-modified"]) expect(response.headers.get(header)).toBeTruthy();
    expect(response.headers.get("x-ratelimit-group")).toBe("char-killmail");
    expect(response.headers.get("x-ratelimit-limit")).toBe("30/15m");
    expect(response.headers.get("x-ratelimit-remaining")).toBe("28");
  });

  test("If-None-Match with the ETag is a 304 without a body", async () => {
    const token = await login({ characterId: DIRECTOR.id });
    const etag = (await getWith({ path: characterPath(DIRECTOR.id), token })).headers.get("etag")!;
    const cached = await getWith({ path: characterPath(DIRECTOR.id), token, headers: { "if-none-match": etag } });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe("");
    expect(cached.headers.get("etag")).toBe(etag);
  });

  test("twenty minutes later on the emulator's clock the token is expired: 403 with the SSO status", async () => {
    const token = await login({ characterId: DIRECTOR.id });
    await sandbox.post("/_emulator/clock", { advanceMs: 20 * 60_000 });
    expect(await answer(await getWith({ path: characterPath(DIRECTOR.id), token }))).toEqual({ status: 403, body: { error: "token is expired", sso_status: 400 } });
  });
});

describe("corporation recent killmails", () => {
  test("a Director of the corporation gets every emulated member's private killmails", async () => {
    const response = await getWith({ path: corporationPath(DIRECTOR.corporationId), token: await login({ characterId: DIRECTOR.id }) });
    expect(response.status).toBe(200);
    const ids = ((await response.json()) as { killmail_id: number }[]).map((row) => row.killmail_id);
    expect(ids.sort()).toEqual(privateIdsOf([DIRECTOR.id, WINGMATE.id]).sort());
    expect(response.headers.get("x-ratelimit-group")).toBe("corp-killmail");
  });

  test("a member without the role, a pilot of another corporation and a token without the scope are 403", async () => {
    const wingmate = await login({ characterId: WINGMATE.id });
    expect(await answer(await getWith({ path: corporationPath(DIRECTOR.corporationId), token: wingmate }))).toEqual({ status: 403, body: { error: "Character does not have required role(s)" } });
    const loner = await login({ characterId: LONER.id });
    expect(await answer(await getWith({ path: corporationPath(DIRECTOR.corporationId), token: loner }))).toEqual({ status: 403, body: { error: "Character not in corporation" } });
    const characterOnly = await login({ characterId: DIRECTOR.id, scopes: [CHARACTER_KILLMAILS_SCOPE] });
    expect(await answer(await getWith({ path: corporationPath(DIRECTOR.corporationId), token: characterOnly }))).toEqual({ status: 403, body: { error: "token not valid for scope" } });
  });
});

test("a token signed before a key rotation is still accepted by ESI until it expires", async () => {
  const token = await login({ characterId: LONER.id });
  await sandbox.post("/_emulator/sso/rotate-key", {});
  expect((await getWith({ path: characterPath(LONER.id), token })).status).toBe(200);
});

test("an empty char-killmail bucket answers 429 with Retry-After", async () => {
  const tight = await startTestEmulator({ options: { esiBuckets: { "char-killmail": { name: "char-killmail", maxTokens: 4, windowMs: 60_000, label: "4/1m" } } } });
  try {
    const token = (await loginWithSso({ base: tight.server.url, characterId: LONER.id, scopes: BOTH_SCOPES })).access_token;
    const call = () => tight.get(characterPath(LONER.id), { headers: { authorization: `Bearer ${token}` } });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  } finally {
    await tight.stop();
  }
});
