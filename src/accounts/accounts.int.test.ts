/**
 * Login, sessions, CSRF and the SSO sync against the emulated EVE SSO and ESI, with the real PostgreSQL and Redis:
 * the web app in this process, on the emulator's clock (CLOCK_URL), as `serve` and `cron` build them.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { loadConfig } from "../app/config.ts";
import { createClock, type Clock } from "../app/clock.ts";
import { createLogger } from "../app/log.ts";
import { createEsiClient } from "../esi/esi.client.ts";
import { createQueues, type Queues } from "../queue/queue.client.ts";
import { createRedisClient, type RedisClient } from "../redis/redis.client.ts";
import { createWebApp } from "../web/web.app.ts";
import { createWebDependencies } from "../web/web.setup.ts";
import { SSO_CHARACTERS } from "../upstream/emulator/sso.characters.ts";
import { startTestEmulator, type TestEmulator } from "../upstream/emulator/emulator.testing.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { createCookieJar, type CookieJar } from "../../test/support/cookies.ts";
import { cookieSettings, createLogin, createPostDeps, createReleaseDeps, createSyncDeps } from "./accounts.setup.ts";
import { releaseDue, runSync } from "./accounts.sync.ts";
import { RELEASE_MAX_ATTEMPTS } from "./accounts.repository.ts";
import { UnrecoverableError, Worker } from "bullmq";
import { KILLMAIL_QUEUE } from "../queue/queue.names.ts";
import { CRON_JOBS } from "../cron/cron.jobs.ts";
import { waitFor } from "../../test/support/processes.ts";
import { FIRST_SYNC_AFTER_MS } from "./accounts.usecases.ts";

const BOARD = "http://board.test";
let db: Awaited<ReturnType<typeof createTestDatabase>>;
const redis = createTestRedis({ name: "accounts" });
let sandbox: TestEmulator;
let clock: Clock;
let producer: RedisClient;
let queues: Queues;
let app: ReturnType<typeof createWebApp>;
let config: ReturnType<typeof loadConfig>["config"];
const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });
const [director, wingmate, loner] = SSO_CHARACTERS;

beforeAll(async () => {
  db = await createTestDatabase();
  sandbox = await startTestEmulator();
  clock = await createClock({ url: `${sandbox.server.url}/_emulator/clock` });
  ({ config } = loadConfig({ dotenv: {}, env: {
    EVE_CLIENT_ID: "board-test", EVE_CLIENT_SECRET: "board-secret", EVE_CALLBACK_URL: `${BOARD}/auth/callback`, SSO_BASE_URL: sandbox.server.url,
    SESSION_SECRET: "s".repeat(40), TOKEN_ENCRYPTION_KEY: `k1:${randomBytes(32).toString("base64")}`, ESI_BASE_URL: sandbox.server.url, TRUST_PROXY_HEADER: "true",
  } }));
  producer = createRedisClient({ url: redis.url, purpose: "producer" });
  queues = createQueues({ connection: producer, prefix: redis.prefix });
  const deps = await createWebDependencies({ sql: db.sql, config: {}, logger, checks: {}, now: clock.now });
  const esi = createEsiClient({ baseUrl: sandbox.server.url, userAgent: "test" });
  const cookies = cookieSettings({ config });
  app = createWebApp({ deps, accounts: {
    account: { ...deps, cookies, login: createLogin({ config, now: clock.now }) },
    posting: { renderer: deps.renderer, cookies, post: createPostDeps({ sql: db.sql, esi, queues, now: clock.now }) },
  } });
}, 60_000);

afterAll(async () => {
  clock?.stop();
  await queues?.close();
  producer?.disconnect();
  sandbox?.stop();
  await db?.drop();
  await redis.drop();
});

const request = async (jar: CookieJar, path: string, init: RequestInit = {}) =>
  jar.take(await app.request(`${BOARD}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } }));

/** /login/ → the emulated SSO (the test's shortcut approves at once) → the callback URL SSO sends the browser to. */
async function authorize(jar: CookieJar, { characterId, path = "/login/" }: { characterId: number; path?: string }) {
  const login = await request(jar, path);
  expect(login.status).toBe(302);
  const sso = new URL(login.headers.get("location")!);
  sso.searchParams.set("character_id", String(characterId));
  sso.searchParams.set("approve", "1");
  const approved = await fetch(sso, { redirect: "manual" });
  expect(approved.status).toBe(302);
  return new URL(approved.headers.get("location")!);
}

async function logIn(jar: CookieJar, characterId: number, path?: string) {
  const callback = await authorize(jar, { characterId, path });
  const answer = await request(jar, `${callback.pathname}${callback.search}`);
  expect([answer.status, answer.headers.get("location")]).toEqual([303, "/account/"]);
  return answer;
}

const csrfOf = async (jar: CookieJar) => /name="csrf" value="([^"]+)"/.exec(await (await request(jar, "/account/")).text())?.[1] ?? "";
const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields), headers: { "content-type": "application/x-www-form-urlencoded" } });
const advance = async (ms: number) => {
  await sandbox.post("/_emulator/clock", { advanceMs: ms });
  // The board polls the offset every 250 ms.
  await Bun.sleep(600);
};
const syncDeps = () => createSyncDeps({ sql: db.sql, config, esi: createEsiClient({ baseUrl: sandbox.server.url, userAgent: "test" }), queues, logger, now: clock.now })!;

describe("login", () => {
  test("login goes through SSO with state and PKCE S256 and ends in a new HttpOnly, SameSite=Lax session on the account page", async () => {
    const jar = createCookieJar();
    const login = await request(jar, "/login/");
    const sso = new URL(login.headers.get("location")!);
    expect(sso.origin + sso.pathname).toBe(`${sandbox.server.url}/v2/oauth/authorize`);
    expect(Object.fromEntries(sso.searchParams)).toMatchObject({ response_type: "code", client_id: "board-test", redirect_uri: `${BOARD}/auth/callback`,
      code_challenge_method: "S256", scope: "publicData esi-killmails.read_killmails.v1" });
    expect(sso.searchParams.get("state")).toHaveLength(43);
    expect(sso.searchParams.get("code_challenge")).toHaveLength(43);
    expect(jar.flags("killboard_login")).toMatch(/Path=\/auth/);
    expect(login.headers.get("cache-control")).toBe("no-store");
    const callback = await (async () => {
      sso.searchParams.set("character_id", String(loner!.id));
      sso.searchParams.set("approve", "1");
      return new URL((await fetch(sso, { redirect: "manual" })).headers.get("location")!);
    })();
    await request(jar, `${callback.pathname}${callback.search}`);
    expect(jar.flags("killboard_session")).toMatch(/HttpOnly/);
    expect(jar.flags("killboard_session")).toMatch(/SameSite=Lax/);
    expect(jar.flags("killboard_session")).not.toMatch(/Secure/);
    const page = await request(jar, "/account/");
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain(loner!.name);
    expect(html).toContain("esi-killmails.read_killmails.v1");
    const [row] = await db.sql<{ refreshToken: Buffer }[]>`select refresh_token from account_characters where character_id = ${loner!.id}`;
    expect(row!.refreshToken.length).toBeGreaterThan(28);
  });

  test("over HTTPS behind the proxy the session cookie is Secure", async () => {
    const jar = createCookieJar();
    const callback = await authorize(jar, { characterId: loner!.id });
    await request(jar, `${callback.pathname}${callback.search}`, { headers: { "x-forwarded-proto": "https" } });
    expect(jar.flags("killboard_session")).toMatch(/Secure/);
  });

  test("a replayed, missing or foreign state is refused with a clear 400, never a 500", async () => {
    const jar = createCookieJar();
    const callback = await authorize(jar, { characterId: loner!.id });
    const path = `${callback.pathname}${callback.search}`;
    const savedLogin = jar.get("killboard_login")!;
    expect((await request(jar, path)).status).toBe(303);
    jar.set("killboard_login", savedLogin);
    const replay = await request(jar, path);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("This login has expired or was already used");
    const missing = await request(jar, `/auth/callback?code=${callback.searchParams.get("code")}`);
    expect([missing.status, (await missing.text()).includes("lacks its code or state")]).toEqual([400, true]);
    // Another browser (no login cookie of this state) cannot finish someone else's login.
    const victim = createCookieJar();
    const foreign = await authorize(victim, { characterId: loner!.id });
    const other = await request(createCookieJar(), `${foreign.pathname}${foreign.search}`);
    expect([other.status, (await other.text()).includes("was not started in this browser")]).toEqual([400, true]);
  });

  test("a wrong PKCE verifier is refused by SSO and shown as a 400", async () => {
    const jar = createCookieJar();
    const callback = await authorize(jar, { characterId: loner!.id });
    await db.sql`update sso_logins set code_verifier = ${"x".repeat(43)}`;
    const answer = await request(jar, `${callback.pathname}${callback.search}`);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain("EVE SSO refused the login");
  });

  test("SSO's own refusal (the user declined) is a 400 naming it", async () => {
    const answer = await request(createCookieJar(), "/auth/callback?error=access_denied&error_description=The+user+declined");
    expect([answer.status, (await answer.text()).includes("EVE SSO did not log you in: the login was declined")]).toEqual([400, true]);
  });

  test("a session id planted before login is never the logged-in one (session fixation)", async () => {
    const attacker = createCookieJar();
    await logIn(attacker, loner!.id);
    const planted = attacker.get("killboard_session")!;
    const victim = createCookieJar();
    victim.set("killboard_session", planted);
    await logIn(victim, wingmate!.id);
    expect(victim.get("killboard_session")).not.toBe(planted);
    // The planted id is gone: the attacker holds no session any more, and never the victim's.
    expect(await (await request(attacker, "/account/")).text()).toContain("Log in with EVE Online");
  });
});

describe("characters", () => {
  test("a second login while logged in adds that character to the same account; removing one revokes its token", async () => {
    const jar = createCookieJar();
    await logIn(jar, loner!.id);
    await logIn(jar, wingmate!.id);
    const accounts = await db.sql<{ accountId: number }[]>`select distinct account_id from account_characters where character_id in (${loner!.id}, ${wingmate!.id})`;
    expect(accounts.length).toBe(1);
    const html = await (await request(jar, "/account/")).text();
    expect([html.includes(loner!.name), html.includes(wingmate!.name)]).toEqual([true, true]);
    const before = (await (await sandbox.get("/_emulator/sso")).json()) as { revoked: number };
    const removed = await request(jar, `/account/characters/${loner!.id}/remove`, form({ csrf: await csrfOf(jar) }));
    expect([removed.status, removed.headers.get("location")]).toEqual([303, "/account/?done=removed"]);
    expect(((await (await sandbox.get("/_emulator/sso")).json()) as { revoked: number }).revoked).toBe(before.revoked + 1);
    const after = await (await request(jar, "/account/")).text();
    expect([after.includes(`character-${loner!.id}`), after.includes(`character-${wingmate!.id}`)]).toEqual([false, true]);
    // Another account's character, or none at all, is not this account's to remove.
    expect((await request(jar, `/account/characters/${director!.id}/remove`, form({ csrf: await csrfOf(jar) }))).status).toBe(404);
    expect((await request(jar, "/account/characters/x/remove", form({ csrf: await csrfOf(jar) }))).status).toBe(404);
  });
});

describe("forms", () => {
  test("a form without its CSRF token, or with another browser's, is a 403; with it the delay is saved", async () => {
    const jar = createCookieJar();
    await logIn(jar, wingmate!.id);
    const path = `/account/characters/${wingmate!.id}/delay`;
    const missing = await request(jar, path, form({ delay: "60" }));
    expect([missing.status, (await missing.text()).includes("security token is missing or wrong")]).toEqual([403, true]);
    const other = createCookieJar();
    await logIn(other, loner!.id);
    expect((await request(jar, path, form({ delay: "60", csrf: await csrfOf(other) }))).status).toBe(403);
    expect((await request(jar, path, form({ delay: "61", csrf: await csrfOf(jar) }))).status).toBe(400);
    const saved = await request(jar, path, form({ delay: "60", csrf: await csrfOf(jar) }));
    expect([saved.status, saved.headers.get("location")]).toEqual([303, "/account/?done=delay"]);
    expect(await (await request(jar, "/account/")).text()).toContain("<dt>Posting delay</dt><dd>1 hour</dd>");
  });
});

describe("sync", () => {
  test("the sync holds a character's kills for its delay, stores none of them early, and queues them once the clock passes", async () => {
    const jar = createCookieJar();
    await logIn(jar, director!.id, "/login/?corporation=1");
    await request(jar, `/account/characters/${director!.id}/delay`, form({ delay: "60", csrf: await csrfOf(jar) }));
    const deps = syncDeps();
    expect((await runSync({ deps })).due).toBe(0); // the first sync waits for the delay to be chosen
    await advance(FIRST_SYNC_AFTER_MS + 1_000);
    expect(await runSync({ deps })).toMatchObject({ failed: 0 });
    const held = await db.sql<{ killmailId: number; releaseAt: Date }[]>`select killmail_id, release_at from sso_killmails where character_id = ${director!.id}`;
    expect(held.length).toBeGreaterThanOrEqual(3);
    expect(Math.abs(held[0]!.releaseAt.getTime() - (clock.now().getTime() + 3_600_000))).toBeLessThan(10_000);
    expect(await (await request(jar, "/account/")).text()).toContain(`<td>${held[0]!.killmailId}</td>`);
    const ids = held.map((row) => row.killmailId);
    expect((await db.sql`select 1 from killmail_ids where killmail_id in ${db.sql(ids)}`).length).toBe(0);
    expect(await queues.killmails.getJob(`km-${ids[0]}`)).toBeUndefined();
    // The next sync is 15 minutes away; an hour on, the hold is over and each kill is queued once, as source sso.
    await advance(3_600_000 + 60_000);
    expect((await runSync({ deps })).released).toBeGreaterThanOrEqual(held.length);
    for (const id of ids) expect((await queues.killmails.getJob(`km-${id}`))?.data).toMatchObject({ killmailId: id, source: "sso" });
    const [{ count } = { count: 0 }] = await db.sql<{ count: number }[]>`select count(*)::int from account_characters where character_id = ${director!.id} and last_sync_result like 'unchanged%'`;
    expect(count).toBe(1); // the second sync sent the ETag and got 304
  });

  test("a refresh token SSO refuses marks the character 'log in again' on its page, and it is not retried", async () => {
    const jar = createCookieJar();
    await logIn(jar, loner!.id);
    await db.sql`update account_characters set next_sync_at = ${clock.now()} where character_id = ${loner!.id}`;
    await sandbox.post("/_emulator/sso/invalidate", { characterId: loner!.id });
    const result = await runSync({ deps: syncDeps() });
    expect(result.login).toBeGreaterThanOrEqual(1);
    expect(await (await request(jar, "/account/")).text()).toContain("Needs a new login");
    expect((await db.sql`select 1 from account_characters where character_id = ${loner!.id} and status = 'ok'`).length).toBe(0);
  });

  test("logging out revokes the characters' refresh tokens at SSO and ends the session", async () => {
    const jar = createCookieJar();
    await logIn(jar, wingmate!.id);
    const before = (await (await sandbox.get("/_emulator/sso")).json()) as { revoked: number };
    const out = await request(jar, "/logout/", form({ csrf: await csrfOf(jar) }));
    expect(out.status).toBe(303);
    const after = (await (await sandbox.get("/_emulator/sso")).json()) as { revoked: number };
    expect(after.revoked).toBe(before.revoked + 1);
    expect(jar.get("killboard_session")).toBeUndefined();
    expect((await db.sql`select 1 from account_characters where character_id = ${wingmate!.id}`).length).toBe(0);
  });
});

describe("ownership and release", () => {
  test("a character that changed owner (sold) starts a new account: the buyer never enters the seller's", async () => {
    const seller = createCookieJar();
    await logIn(seller, loner!.id);
    const [before] = await db.sql<{ accountId: number }[]>`select account_id from account_characters where character_id = ${loner!.id}`;
    // As if the seller's login had carried another owner hash than the buyer's now does.
    await db.sql`update account_characters set owner_hash = 'previous-owner' where character_id = ${loner!.id}`;
    const buyer = createCookieJar();
    await logIn(buyer, loner!.id);
    const [after] = await db.sql<{ accountId: number }[]>`select account_id from account_characters where character_id = ${loner!.id}`;
    expect(after!.accountId).not.toBe(before!.accountId);
    expect(await (await request(seller, "/account/")).text()).not.toContain(`character-${loner!.id}`);
  });

  test("a longer delay chosen later holds the kills already found longer too", async () => {
    const jar = createCookieJar();
    await logIn(jar, loner!.id);
    const foundAt = clock.now();
    await db.sql`insert into sso_killmails (killmail_id, hash, character_id, found_at, release_at) values (1999000001, ${"a".repeat(40)}, ${loner!.id}, ${foundAt}, ${foundAt})`;
    await request(jar, `/account/characters/${loner!.id}/delay`, form({ delay: "4320", csrf: await csrfOf(jar) }));
    const [row] = await db.sql<{ releaseAt: Date }[]>`select release_at from sso_killmails where killmail_id = 1999000001`;
    expect(row!.releaseAt.getTime() - foundAt.getTime()).toBe(4320 * 60_000);
    await db.sql`delete from sso_killmails where killmail_id = 1999000001`;
  });

  test("a released kill whose job failed is retried and counted, also with login switched off, until the bound", async () => {
    const killmailId = 1999000002;
    await db.sql`insert into sso_killmails (killmail_id, hash, character_id, found_at, release_at) values (${killmailId}, ${"b".repeat(40)}, 1, ${clock.now()}, ${clock.now()})`;
    const release = createReleaseDeps({ sql: db.sql, queues, now: clock.now });
    expect((await releaseDue({ deps: release })).retried).toBe(0);
    const worker = new Worker(KILLMAIL_QUEUE, async () => {
      throw new UnrecoverableError("ESI 502 for the test");
    }, { connection: createRedisClient({ url: redis.url, purpose: "worker" }), prefix: redis.prefix });
    try {
      await waitFor({ what: "the job failed", timeoutMs: 10_000, check: async () => (await queues.killmails.getJob(`km-${killmailId}`))?.isFailed() ?? false });
      await worker.pause(true);
      const job = CRON_JOBS.find((candidate) => candidate.name === "sso")!;
      // Login off: the job still releases (the worker above failed every queued kill, earlier tests' too).
      const result = (await job.run({ accounts: null, release } as never)) as { loginConfigured: boolean; retried: number };
      expect(result.loginConfigured).toBe(false);
      expect(result.retried).toBeGreaterThanOrEqual(1);
      expect(await (await queues.killmails.getJob(`km-${killmailId}`))!.isFailed()).toBe(false);
      const [row] = await db.sql<{ attempts: number; lastError: string }[]>`select attempts, last_error from sso_killmails where killmail_id = ${killmailId}`;
      expect(row).toEqual({ attempts: 1, lastError: "ESI 502 for the test" });
      await db.sql`update sso_killmails set attempts = ${RELEASE_MAX_ATTEMPTS} where killmail_id = ${killmailId}`;
      const due = await release.repository.listReleasable({ now: clock.now(), limit: 500 });
      expect(due.map((row) => row.killmailId)).not.toContain(killmailId);
    } finally {
      await worker.close(true);
    }
  });
});

describe("posting", () => {
  test("/post/ shows ESI's 422 reason for a wrong hash and queues a valid link", async () => {
    const jar = createCookieJar();
    const page = await (await request(jar, "/post/")).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const record = sandbox.emulator.context.dataset.records.find((candidate) => candidate.hash)!;
    const wrong = await request(jar, "/post/", form({ csrf, killmail_id: String(record.killmail_id), hash: "0".repeat(40) }));
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("ESI refused this killmail (HTTP 422): Invalid killmail_id and/or killmail_hash");
    const link = `https://esi.evetech.net/latest/killmails/${record.killmail_id}/${record.hash}/`;
    const queued = await request(jar, "/post/", form({ csrf, link }));
    expect(queued.status).toBe(202);
    expect(await queued.text()).toContain(`/kill/${record.killmail_id}/`);
    expect((await queues.killmails.getJob(`km-${record.killmail_id}`))?.data).toMatchObject({ source: "manual", hash: record.hash });
    expect((await request(createCookieJar(), "/post/", form({ link }))).status).toBe(403);
  });
});
