/**
 * Live pages end to end, in headless Chromium: real `serve`, `ws` and `work` processes over a seeded database and
 * Redis. Killmails enter the way a listener hands them on (a queued job carrying the ESI body); the worker stores
 * each and publishes its event; `ws` delivers it over /ws/v1 to the pages whose filter matches, and live.js
 * inserts the server-rendered row. Screenshots land in test-output/ (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { createQueues, enqueueKillmails, LIVE_PRIORITY } from "../../src/queue/queue.client.ts";
import { KILLMAIL_QUEUE } from "../../src/queue/queue.names.ts";
import { createTestDatabase } from "../support/database.ts";
import { findFreePort } from "../support/ports.ts";
import { spawnRole, waitFor, type RoleProcess } from "../support/processes.ts";
import { createTestRedis } from "../support/redis.ts";
import { CHROMIUM_PATH, launchChromium } from "./cdp.ts";
import { seedDatabase, type FixtureRecord } from "./seed.ts";

const OUTPUT = join(import.meta.dir, "../../test-output");
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`skipping the live browser test: ${CHROMIUM_PATH} is absent`);

type Page = Awaited<ReturnType<Awaited<ReturnType<typeof launchChromium>>["openPage"]>>;

const charactersOf = (record: FixtureRecord) =>
  new Set<number>([record.esi.victim, ...record.esi.attackers].flatMap((party) => (party.character_id ? [party.character_id] : [])));

async function waitUntilReady(url: string, role: RoleProcess) {
  await waitFor({
    what: `${url} ready`, timeoutMs: 60_000, intervalMs: 100,
    check: async () => {
      if (role.proc.exitCode !== null) throw new Error(`role exited with ${role.proc.exitCode}:\n${role.output()}`);
      return fetch(url).then((response) => response.status === 200, () => false);
    },
  });
}

/** Polls a page-side condition inside the page, so the answer is read at the moment it holds. */
const waitInPage = (page: Page, condition: string, timeoutMs = 15_000) => page.evaluate<boolean>(`new Promise((resolve) => {
  const started = Date.now();
  const tick = () => { if (${condition}) return resolve(true); if (Date.now() - started > ${timeoutMs}) return resolve(false); setTimeout(tick, 25); };
  tick(); })`);

const liveState = (page: Page) => page.evaluate<string | null>("document.querySelector('[data-live-filter]')?.getAttribute('data-live-state') ?? null");
const rowIds = (page: Page) => page.evaluate<string[]>("[...document.querySelectorAll('tbody tr[data-killmail-id]')].map((row) => row.dataset.killmailId)");

describe.skipIf(!hasChromium)("live pages in a browser", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let redis: ReturnType<typeof createTestRedis>;
  let seeded: Awaited<ReturnType<typeof seedDatabase>>;
  let queues: ReturnType<typeof createQueues>;
  let connection: Redis;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  const roles: RoleProcess[] = [];
  let ws: RoleProcess;
  let env: Record<string, string>;
  let base = "";
  let wsPort = 0;
  let nextId = 0;
  let template: FixtureRecord;

  const startWs = async () => {
    ws = spawnRole({ args: ["ws"], env });
    roles.push(ws);
    await waitUntilReady(`http://127.0.0.1:${wsPort}/ready`, ws);
  };

  /** A new killmail now, shaped like `template` (its victim and attackers), handed on as a listener would. */
  async function storeNewKillmail() {
    const killmailId = ++nextId;
    const esi = { ...structuredClone(template.esi), killmail_id: killmailId, killmail_time: new Date().toISOString().replace(/\.\d+Z$/, "Z") };
    const hash = new Bun.CryptoHasher("sha1").update(String(killmailId)).digest("hex");
    await enqueueKillmails({ queue: queues.killmails, jobs: [{ killmailId, hash, esi, source: "r2z2", firstSeenAt: new Date().toISOString() }], priority: LIVE_PRIORITY });
    return String(killmailId);
  }

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    db = await createTestDatabase();
    redis = createTestRedis({ name: "live-e2e" });
    seeded = await seedDatabase({ sql: db.sql });
    template = seeded.records.find((record) => record.esi.victim.character_id && record.esi.attackers.length > 3)!;
    nextId = Math.max(...seeded.records.map((record) => record.killmail_id)) + 1_000;
    const servePort = findFreePort();
    wsPort = findFreePort();
    base = `http://127.0.0.1:${servePort}`;
    env = {
      DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, TYPESENSE_URL: "", PORT: String(servePort),
      WS_PORT: String(wsPort), PUBLIC_URL: base, ESI_BASE_URL: "http://127.0.0.1:9",
    };
    const serve = spawnRole({ args: ["serve"], env });
    const work = spawnRole({ args: ["work", "--queues", KILLMAIL_QUEUE], env });
    roles.push(serve, work);
    await Promise.all([waitUntilReady(`${base}/ready`, serve), startWs()]);
    connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    queues = createQueues({ connection, prefix: redis.prefix });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await queues?.close();
    connection?.disconnect();
    await Promise.all(roles.map((role) => role.kill("SIGTERM")));
    await redis?.drop();
    await db?.drop();
  });

  let front: Page;
  let victimPage: Page;
  let otherPage: Page;
  let first = "";

  test("a kill stored while the front page is open appears at its top, highlighted, without a reload; only matching entity pages get it", async () => {
    const victim = template.esi.victim.character_id as number;
    const involved = charactersOf(template);
    const other = seeded.records.map((record) => record.esi.victim.character_id as number).find((id) => id && !involved.has(id))!;
    // Each new tab comes to the front: the front page is opened last, so it is the visible one (hidden tabs do not scroll smoothly).
    otherPage = await browser.openPage();
    victimPage = await browser.openPage();
    front = await browser.openPage();
    await front.goto(`${base}/`);
    await victimPage.goto(`${base}/character/${victim}/`);
    await otherPage.goto(`${base}/character/${other}/`);
    for (const page of [front, victimPage, otherPage]) {
      expect(await waitInPage(page, "document.querySelector('[data-live-state=live]')")).toBe(true);
      await page.evaluate("window.sameDocument = true");
    }
    expect(await front.evaluate<boolean[]>("[document.querySelector('[data-live-refresh]').hidden, document.querySelector('[data-live-on]').hidden]")).toEqual([true, false]);
    const before = await rowIds(front);

    first = await storeNewKillmail();
    expect(await waitInPage(front, `document.querySelector('tbody tr[data-killmail-id]')?.dataset.killmailId === '${first}'`)).toBe(true);
    const top = await front.evaluate<{ classes: string; link: string; sameDocument: boolean }>(`(() => { const row = document.querySelector('tbody tr[data-killmail-id]');
      return { classes: row.className, link: row.querySelector('a').getAttribute('href'), sameDocument: window.sameDocument === true }; })()`);
    expect(top).toEqual({ classes: "live-new", link: `/kill/${first}/`, sameDocument: true });
    expect(await rowIds(front)).toEqual([first, ...before]);
    await front.screenshot(join(OUTPUT, "front-live.png"));

    expect(await waitInPage(victimPage, `document.querySelector('tbody tr[data-killmail-id]')?.dataset.killmailId === '${first}'`)).toBe(true);
    expect(await victimPage.evaluate<string>("document.querySelector('tbody tr[data-killmail-id]').className")).toBe("loss live-new");
    // By now the same `ws` has sent it to both matching pages; the unmatched one had as long, and more, to get it.
    await Bun.sleep(1_000);
    expect(await otherPage.evaluate<boolean>(`!!document.querySelector('tr[data-killmail-id="${first}"]')`)).toBe(false);
    expect(await otherPage.evaluate<boolean>("!!document.querySelector('tr.live-new')")).toBe(false);
  }, 90_000);

  test("a reader scrolled away is told of new kills, and the notice takes them back up", async () => {
    expect(await front.evaluate<string>("document.visibilityState")).toBe("visible");
    await front.evaluate("window.scrollTo(0, document.body.scrollHeight)");
    const second = await storeNewKillmail();
    expect(await waitInPage(front, "document.querySelector('.live-notice') && !document.querySelector('.live-notice').hidden")).toBe(true);
    expect(await front.evaluate<string>("document.querySelector('.live-notice').textContent")).toBe("1 new kill ↑");
    expect((await rowIds(front)).slice(0, 2)).toEqual([second, first]);
    await front.evaluate("document.querySelector('.live-notice').click()");
    expect(await waitInPage(front, "document.querySelector('.live-notice').hidden")).toBe(true);
    expect(await waitInPage(front, "document.querySelector('[data-live-filter]').getBoundingClientRect().top >= 0")).toBe(true);
  }, 60_000);

  test("after `ws` restarts, the page reconnects and resumes: kills stored meanwhile arrive once, none twice", async () => {
    const shown = await rowIds(front);
    await ws.kill("SIGTERM");
    expect(await waitInPage(front, "document.querySelector('[data-live-state=offline]')")).toBe(true);
    expect(await front.evaluate<boolean>("document.querySelector('[data-live-refresh]').hidden")).toBe(false);
    const third = await storeNewKillmail();
    await waitFor({ what: "the third kill stored", timeoutMs: 15_000, check: async () => (await db.sql`select 1 from killmail_ids where killmail_id = ${Number(third)}`).length === 1 });
    await startWs();
    expect(await waitInPage(front, `document.querySelector('tbody tr[data-killmail-id]')?.dataset.killmailId === '${third}'`, 30_000)).toBe(true);
    const ids = await rowIds(front);
    expect(ids).toEqual([third, ...shown]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await front.evaluate<boolean>("window.sameDocument === true")).toBe(true);
  }, 90_000);
});
