/**
 * End to end: the real `killboard serve` process over a seeded database and Redis, driven in headless
 * Chromium. Screenshots land in test-output/ (git-ignored) for a human to look at.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase } from "../support/database.ts";
import { CHROMIUM_PATH, launchChromium } from "./cdp.ts";
import { findMinorAttacker, HOSTILE_NAME, seedDatabase } from "./seed.ts";
import { findFreePort } from "../support/ports.ts";

const OUTPUT = join(import.meta.dir, "../../test-output");
const ROOT = join(import.meta.dir, "../..");
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`skipping the browser test: ${CHROMIUM_PATH} is absent (scripts/test should apt-get install chromium)`);

async function waitUntilReady(base: string, serve: ReturnType<typeof Bun.spawn>) {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (serve.exitCode !== null) throw new Error(`serve exited with ${serve.exitCode}`);
    const ready = await fetch(`${base}/ready`).then((r) => r.status === 200, () => false);
    if (ready) return;
    await Bun.sleep(100);
  }
  throw new Error("serve never became ready");
}

describe.skipIf(!hasChromium)("the served killboard in a browser", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let seeded: Awaited<ReturnType<typeof seedDatabase>>;
  let serve: ReturnType<typeof Bun.spawn>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let base = "";

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    db = await createTestDatabase();
    seeded = await seedDatabase({ sql: db.sql });
    const port = findFreePort();
    base = `http://127.0.0.1:${port}`;
    serve = Bun.spawn([process.execPath, "src/cli.ts", "serve"], {
      cwd: ROOT, stdout: "inherit", stderr: "inherit",
      env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), LOG_LEVEL: "warn",
        REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/15", TYPESENSE_URL: "" },
    });
    await waitUntilReady(base, serve);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    serve?.kill("SIGTERM");
    await serve?.exited;
    await db?.drop();
  });

  test("front page, a kill, a character and search work in the browser", async () => {
    const page = await browser.openPage();
    await page.goto(`${base}/`);
    expect(await page.evaluate<string>("document.title")).toContain("Latest kills");
    expect(await page.evaluate<number>("document.querySelectorAll('tbody tr').length")).toBeGreaterThan(20);
    await page.screenshot(join(OUTPUT, "front.png"));

    const { record, characterId } = findMinorAttacker(seeded.records);
    await page.goto(`${base}/kill/${record.killmail_id}/`);
    expect(await page.evaluate<string>("document.querySelector('h1').textContent")).toContain("lost a");
    expect(await page.evaluate<boolean>(`!!document.querySelector('a[href="/character/${characterId}/"]')`)).toBe(true);
    await page.screenshot(join(OUTPUT, "kill.png"));

    const fitted = seeded.records.filter((r) => r.esi.victim.character_id && r.esi.victim.items?.length > 10)[0]!;
    await page.goto(`${base}/kill/${fitted.killmail_id}/`);
    expect(await page.evaluate<number>("document.querySelectorAll('#fit ~ table tbody tr').length")).toBeGreaterThan(10);
    await page.screenshot(join(OUTPUT, "kill-fitted.png"));
    await page.goto(`${base}/kill/${record.killmail_id}/`);

    await page.navigateBy(`document.querySelector('a[href="/character/${characterId}/"]').click()`);
    expect(await page.evaluate<string>("location.pathname")).toBe(`/character/${characterId}/`);
    expect(await page.evaluate<boolean>(`!!document.querySelector('a[href="/kill/${record.killmail_id}/"]')`)).toBe(true);
    await page.screenshot(join(OUTPUT, "character.png"));

    await page.goto(`${base}/character/${seeded.hostileCharacterId}/`);
    expect(await page.evaluate<string>("document.querySelector('h1').textContent")).toContain(HOSTILE_NAME);
    expect(await page.evaluate<number>("document.querySelectorAll('main script').length")).toBe(0);

    await page.evaluate("document.querySelector('#q').value = 'Jita'");
    await page.navigateBy("document.querySelector('form[role=search]').submit()");
    expect(await page.evaluate<string>("location.pathname")).toBe("/search/Jita/");
    expect(await page.evaluate<boolean>("!!document.querySelector('a[href=\"/system/30000142/\"]')")).toBe(true);
    await page.screenshot(join(OUTPUT, "search.png"));

    await page.evaluate("(() => { const q = document.querySelector('#q'); q.value = 'Amar'; q.dispatchEvent(new Event('input')); })()");
    const suggested = await page.evaluate<number>(`new Promise((resolve) => { let n = 0; const t = setInterval(() => {
      const count = document.querySelectorAll('ul.suggest li').length; if (count || ++n > 50) { clearInterval(t); resolve(count); } }, 50); })`);
    expect(suggested).toBeGreaterThan(0);
  }, 60_000);
});
