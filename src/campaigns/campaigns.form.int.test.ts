/**
 * `/campaigns/new/`: only a logged-in user with the form's CSRF token creates a campaign, owned by the account; a
 * bad filter comes back as the form with the problem. The session is the real one (accounts.session.ts startSession).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { Hono } from "hono";
import { createAccountsRepository } from "../accounts/accounts.repository.ts";
import { startSession, type CookieSettings } from "../accounts/accounts.session.ts";
import { createLogger } from "../app/log.ts";
import { createWebApp } from "../web/web.app.ts";
import { createWebDependencies } from "../web/web.setup.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createCookieJar, type CookieJar } from "../../test/support/cookies.ts";
import { createCampaignRepository } from "./campaigns.repository.ts";

const BOARD = "http://board.test";
const cookies: CookieSettings = { secret: "s".repeat(40), trustProxyHeader: false };
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let app: ReturnType<typeof createWebApp>;

beforeAll(async () => {
  db = await createTestDatabase();
  const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });
  const deps = await createWebDependencies({ sql: db.sql, config: {}, logger, checks: {} });
  // Posting is never reached here: /post/ is not requested, so its ESI and queue are left out.
  app = createWebApp({ deps, accounts: { account: { ...deps, cookies, login: null }, posting: { renderer: deps.renderer, cookies, post: {} as never } } });
}, 60_000);

afterAll(() => db?.drop());

const request = async (jar: CookieJar, path: string, init: RequestInit = {}) =>
  jar.take(await app.request(`${BOARD}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } }));

/** A browser logged in to a new account, through the session code the login uses. */
async function logIn() {
  const repository = createAccountsRepository({ sql: db.sql });
  const accountId = await repository.createAccount();
  const jar = createCookieJar();
  const login = new Hono().get("/", async (c) => {
    await startSession({ c, settings: cookies, repository, accountId, now: new Date() });
    return c.text("ok");
  });
  jar.take(await login.request(`${BOARD}/`));
  return { jar, accountId };
}

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;
const post = (jar: CookieJar, fields: Record<string, string>) =>
  request(jar, "/campaigns/new/", { method: "POST", body: new URLSearchParams(fields), headers: { "content-type": "application/x-www-form-urlencoded" } });

test("a logged-in user creates a campaign it owns, and is sent to its page", async () => {
  const { jar, accountId } = await logIn();
  const form = await request(jar, "/campaigns/new/");
  expect(form.status).toBe(200);
  const filter = JSON.stringify({ entities: [{ kind: "alliance", id: 99_000_001 }], labels: ["solo"] });
  const created = await post(jar, { csrf: csrfOf(await form.text()), name: "<i>Solo</i> hunters", description: "", filter });
  expect(created.status).toBe(303);
  const id = Number(/^\/campaign\/(\d+)\/$/.exec(created.headers.get("location") ?? "")![1]);
  const campaign = await createCampaignRepository({ sql: db.sql }).findCampaign({ id });
  expect(campaign).toMatchObject({ name: "<i>Solo</i> hunters", createdBy: accountId, filter: { entities: [{ kind: "alliance", id: 99_000_001 }], labels: ["solo"] } });
  const page = await (await request(jar, `/campaign/${id}/`)).text();
  expect(page).toContain("&lt;i&gt;Solo&lt;/i&gt; hunters");
  expect(page).not.toContain("<i>Solo</i>");
  expect(await (await request(jar, "/campaigns/")).text()).toContain(`href="/campaign/${id}/"`);
});

test("without a session the form is refused, and a POST without the form's token is a 403", async () => {
  const anonymous = createCookieJar();
  expect((await request(anonymous, "/campaigns/new/")).status).toBe(401);
  const { jar } = await logIn();
  const before = await db.sql`select count(*)::int as n from campaigns`;
  expect((await post(jar, { csrf: "forged", name: "x", filter: "{}" })).status).toBe(403);
  // A token of a form shown to another browser does not carry over either.
  const other = await logIn();
  const otherToken = csrfOf(await (await request(other.jar, "/campaigns/new/")).text());
  expect((await post(jar, { csrf: otherToken, name: "x", filter: "{}" })).status).toBe(403);
  expect(await db.sql`select count(*)::int as n from campaigns`).toEqual(before);
});

test("a bad filter brings the form back filled in, with the problem named", async () => {
  const { jar } = await logIn();
  const csrf = csrfOf(await (await request(jar, "/campaigns/new/")).text());
  const response = await post(jar, { csrf, name: "Wrong", filter: '{"sides":{"a":[{"kind":"alliance","id":1}]}}' });
  expect(response.status).toBe(400);
  const html = await response.text();
  expect(html).toContain("filter.sides.b:");
  expect(html).toContain('value="Wrong"');
});

test("a logged-in user's account page links to the form, and the site navigation to the list of campaigns", async () => {
  const { jar } = await logIn();
  const account = await request(jar, "/account/");
  expect(account.status).toBe(200);
  const html = await account.text();
  expect(html).toContain('href="/campaigns/new/"');
  expect(/<nav aria-label="Main">[\s\S]*?href="\/campaigns\/"[\s\S]*?<\/nav>/.test(html)).toBe(true);
  // The form's link is for a logged-in user: a visitor's account page offers the login instead.
  expect(await (await request(createCookieJar(), "/account/")).text()).not.toContain('href="/campaigns/new/"');
});
