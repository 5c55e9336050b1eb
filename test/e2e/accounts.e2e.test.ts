/**
 * Accounts end to end in headless Chromium, with the real `serve`, `work`, `cron` and `ws` processes on the
 * emulator's clock: a pilot logs in through the emulated SSO, chooses a 1-hour delay, and the kills only that pilot
 * can see are absent from every surface (pages, /api/v1, zKillboard's API, the live WebSocket and pull feed,
 * search) until the shared clock passes the delay; then they appear. Role logs never hold a secret or token.
 * Screenshots land in test-output/.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { SSO_CHARACTERS } from "../../src/upstream/emulator/sso.characters.ts";
import { startTestEmulator, type TestEmulator } from "../../src/upstream/emulator/emulator.testing.ts";
import { FIRST_SYNC_AFTER_MS } from "../../src/accounts/accounts.usecases.ts";
import { onlyCronJobs } from "../support/cron.ts";
import { createTestDatabase } from "../support/database.ts";
import { findFreePort } from "../support/ports.ts";
import { spawnRole, waitFor, type RoleProcess } from "../support/processes.ts";
import { createTestRedis } from "../support/redis.ts";
import { CHROMIUM_PATH, launchChromium } from "./cdp.ts";

const OUTPUT = join(import.meta.dir, "../../test-output");
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`skipping the accounts browser test: ${CHROMIUM_PATH} is absent`);
const pilot = SSO_CHARACTERS.find((character) => !character.director && character.name.includes("Loner"))!;

describe.skipIf(!hasChromium)("accounts in a browser", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createTestRedis({ name: "accounts-e2e" });
  let sandbox: TestEmulator;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  const roles: RoleProcess[] = [];
  const secrets = { SESSION_SECRET: randomBytes(24).toString("hex"), TOKEN_ENCRYPTION_KEY: `k1:${randomBytes(32).toString("base64")}`, EVE_CLIENT_SECRET: randomBytes(16).toString("hex") };
  let base = "";
  let wsPort = 0;
  const streamed: string[] = [];
  let socket: WebSocket;

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    db = await createTestDatabase();
    sandbox = await startTestEmulator();
    const port = findFreePort();
    wsPort = findFreePort();
    base = `http://127.0.0.1:${port}`;
    const env = {
      DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, TYPESENSE_URL: "", PORT: String(port), WS_PORT: String(wsPort), PUBLIC_URL: base,
      ESI_BASE_URL: sandbox.server.url, SSO_BASE_URL: sandbox.server.url, CLOCK_URL: `${sandbox.server.url}/_emulator/clock`,
      EVE_CLIENT_ID: "board-e2e", EVE_CALLBACK_URL: `${base}/auth/callback`, ...secrets,
      CRON_SCHEDULES: onlyCronJobs({ sso: "* * * * * *" }), LOG_LEVEL: "debug",
    };
    for (const args of [["serve"], ["work"], ["cron"], ["ws"]]) roles.push(spawnRole({ args, env }));
    const ready = async (url: string) => fetch(url).then((response) => response.status === 200, () => false);
    await waitFor({ what: "serve and ws ready", timeoutMs: 60_000, check: async () => (await ready(`${base}/ready`)) && (await ready(`http://127.0.0.1:${wsPort}/ready`)) });
    socket = new WebSocket(`ws://127.0.0.1:${wsPort}/websocket/`);
    socket.onmessage = (message) => streamed.push(String(message.data));
    await new Promise((resolve) => (socket.onopen = resolve));
    socket.send(JSON.stringify({ action: "sub", channel: "killstream" }));
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    socket?.close();
    await browser?.close();
    await Promise.all(roles.map((role) => role.kill("SIGTERM")));
    sandbox?.stop();
    await redis.drop();
    await db?.drop();
  });

  const privateIds = () => sandbox.emulator.privateKillmails().filter((kill) => kill.character_id === pilot.id).map((kill) => kill.killmail_id);
  const advance = async (ms: number) => {
    await sandbox.post("/_emulator/clock", { advanceMs: ms });
    await Bun.sleep(600); // every role polls the offset every 250 ms
  };
  const status = async (path: string) => (await fetch(`${base}${path}`)).status;
  const text = async (path: string) => (await fetch(`${base}${path}`)).text();

  /** R2Z2's form of our live sequence: every published record, from the first. */
  async function pullFeedMentions(mentions: (body: string) => boolean) {
    const { sequence } = (await (await fetch(`${base}/ephemeral/sequence.json`)).json()) as { sequence: number };
    for (let n = 1; n <= sequence; n++) if (mentions(await text(`/ephemeral/${n}.json`))) return true;
    return false;
  }

  /** Every surface a kill can be seen on; each entry true when it shows any of `ids`. */
  async function surfaces(ids: number[]) {
    const mentions = (body: string) => ids.some((id) => body.includes(String(id)));
    return {
      killPages: (await Promise.all(ids.map((id) => status(`/kill/${id}/`)))).some((code) => code === 200),
      apiById: (await Promise.all(ids.map((id) => status(`/api/v1/killmails/${id}`)))).some((code) => code === 200),
      front: mentions(await text("/")),
      characterPage: mentions(await text(`/character/${pilot.id}/`)),
      apiList: mentions(await text(`/api/v1/killmails?entityKind=character&entityId=${pilot.id}`)),
      zkbApi: mentions(await text(`/api/characterID/${pilot.id}/`)),
      pullFeed: await pullFeedMentions(mentions),
      search: (await text(`/search/${encodeURIComponent(pilot.name)}/`)).includes(`/character/${pilot.id}/`),
      webSocket: streamed.some(mentions),
    };
  }

  test("log in through the emulated SSO, choose a 1-hour delay: the pilot's kills appear only after the clock passes it", async () => {
    const page = await browser.openPage();
    await page.goto(`${base}/account/`);
    await page.navigateBy("document.querySelector('a[href=\"/login/\"].button').click()");
    // The emulated SSO's page: pick the pilot, authorize; it sends the browser back to /auth/callback, then /account/.
    expect(await page.evaluate<string>("location.origin")).toBe(sandbox.server.url);
    await page.navigateBy(`document.querySelector('input[type=radio][value="${pilot.id}"]').click(); document.querySelector('button[value=approve]').click()`);
    expect(await page.evaluate<string>("location.pathname")).toBe("/account/");
    expect(await page.evaluate<string>("document.querySelector('h1').textContent")).toBe("Your account");
    await page.navigateBy(`document.querySelector('#delay-${pilot.id}').value = '60'; document.querySelector('#character-${pilot.id} form').submit()`);
    expect(await page.evaluate<string>("document.body.innerText")).toContain("Posting delay\n1 hour");
    await page.screenshot(join(OUTPUT, "account.png"));

    // The first sync: the kills are found and held for an hour.
    await advance(FIRST_SYNC_AFTER_MS + 2_000);
    const ids = privateIds();
    expect(ids.length).toBe(3);
    await waitFor({ what: "the kills held", timeoutMs: 20_000, check: async () => (await db.sql`select 1 from sso_killmails where character_id = ${pilot.id}`).length === 3 });
    await Bun.sleep(2_000); // a few more sync runs: none may leak them
    expect(await surfaces(ids)).toEqual({ killPages: false, apiById: false, front: false, characterPage: false, apiList: false, zkbApi: false, pullFeed: false, search: false, webSocket: false });
    await page.goto(`${base}/account/`);
    expect(await page.evaluate<number>("document.querySelectorAll('#held ~ table tbody tr, section[aria-labelledby=held] tbody tr').length")).toBe(3);

    // An hour and a minute on, the release queues them; the worker stores and publishes each as a new kill.
    await advance(61 * 60_000);
    await waitFor({ what: "the released kills stored", timeoutMs: 30_000, check: async () => (await Promise.all(ids.map((id) => status(`/kill/${id}/`)))).every((code) => code === 200) });
    await waitFor({ what: "the released kills on the live WebSocket", timeoutMs: 15_000,
      check: async () => ids.every((id) => streamed.some((message) => new RegExp(`"killmail_id":\\s*${id}\\b`).test(message))) });
    // Pages and APIs are cached for seconds (the microcache), names resolve soon after: every surface shows them.
    let after: Record<string, boolean> = {};
    await waitFor({ what: "every surface showing the released kills", timeoutMs: 45_000, intervalMs: 1_000, check: async () => {
      after = await surfaces(ids);
      return Object.values(after).every(Boolean);
    } }).catch((error) => {
      throw new Error(`${(error as Error).message}: ${JSON.stringify(after)}`);
    });
    const stored = await db.sql<{ source: string }[]>`select distinct source from killmails where killmail_id in ${db.sql(ids)}`;
    expect(stored.map((row) => row.source)).toEqual(["sso"]);
    await page.goto(`${base}/account/`);
    expect(await page.evaluate<string>("document.body.innerText")).toContain("No kill is waiting for its delay.");
    await page.screenshot(join(OUTPUT, "account-released.png"));
  }, 120_000);

  test("/post/ with a valid link stores the kill; a wrong hash shows ESI's 422 reason", async () => {
    const page = await browser.openPage();
    const record = sandbox.emulator.context.dataset.records.find((candidate) => candidate.hash)!;
    await page.goto(`${base}/post/`);
    await page.navigateBy(`document.querySelector('#killmail_id').value = '${record.killmail_id}'; document.querySelector('#hash').value = '${"0".repeat(40)}'; document.querySelector('form.panel').submit()`);
    expect(await page.evaluate<string>("document.querySelector('[role=alert]').textContent")).toContain("ESI refused this killmail (HTTP 422)");
    await page.navigateBy(`document.querySelector('#killmail_id').value = ''; document.querySelector('#hash').value = ''; document.querySelector('#link').value = 'https://esi.evetech.net/latest/killmails/${record.killmail_id}/${record.hash}/'; document.querySelector('form.panel').submit()`);
    expect(await page.evaluate<string>("document.querySelector('[role=status]').textContent")).toContain(`/kill/${record.killmail_id}/`);
    await waitFor({ what: "the posted kill stored", timeoutMs: 30_000, check: async () => (await status(`/kill/${record.killmail_id}/`)) === 200 });
  }, 60_000);

  test("no role log holds a secret, a token or a session id", async () => {
    const logs = roles.map((role) => role.output()).join("\n");
    expect(logs.length).toBeGreaterThan(100);
    for (const value of [secrets.SESSION_SECRET, secrets.EVE_CLIENT_SECRET, secrets.TOKEN_ENCRYPTION_KEY.split(":")[1]!]) expect(logs).not.toContain(value);
    // Access tokens are JWTs (base64url JSON: "eyJ…"); refresh tokens and session ids are what the database holds sealed or hashed.
    expect(logs).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
    const sessions = await db.sql<{ count: number }[]>`select count(*)::int as count from account_sessions`;
    expect(sessions[0]!.count).toBeGreaterThan(0);
  });
});
