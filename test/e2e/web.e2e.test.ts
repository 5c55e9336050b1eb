/**
 * End to end: the real `killboard serve` process over a seeded database and Redis, driven in headless
 * Chromium. Screenshots land in test-output/ (git-ignored) for a human to look at.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase } from "../support/database.ts";
import { CHROMIUM_PATH, launchChromium } from "./cdp.ts";
import { findMinorAttacker, HOSTILE_NAME, seedDatabase, type FixtureRecord } from "./seed.ts";
import { loadUniverseNames, type UniverseNames } from "../../src/universe/universe.names.ts";
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
  let universe: UniverseNames;
  let serve: ReturnType<typeof Bun.spawn>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let base = "";

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    db = await createTestDatabase();
    seeded = await seedDatabase({ sql: db.sql });
    universe = await loadUniverseNames({ sql: db.sql });
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

  test("kill pages: the fitting wheel above the fold at 1400×900 with merged items, every image loaded, one column at 400 px; screenshots of the Typhoon, titan and Astrahus kills", async () => {
    const page = await browser.openPage();
    const typeOf = (record: FixtureRecord) => universe.typeName(record.esi.victim.ship_type_id);
    // Killmails from before 2010 record no slots: the wheel needs one with modules in fitted flags.
    const isFitted = (record: FixtureRecord) => ((record.esi.victim.items ?? []) as { flag: number }[]).some((item) => item.flag >= 11 && item.flag <= 34);
    const pick = (name: string) => seeded.records.find((record) => typeOf(record) === name && isFitted(record));
    const titan = [...seeded.records].sort((a, b) => b.esi.attackers.length - a.esi.attackers.length)[0]!;
    const kills: [string, FixtureRecord][] = [["typhoon", pick("Typhoon")!], ["titan", titan], ["astrahus", pick("Astrahus")!]];
    for (const [name, record] of kills) {
      expect([name, record && isFitted(record)]).toEqual([name, true]);
      await page.setViewport({ width: 1400, height: 900 });
      await page.goto(`${base}/kill/${record.killmail_id}/`);
      const wheelTop = await page.evaluate<number>("document.querySelector('svg.wheel').getBoundingClientRect().top");
      expect([name, wheelTop]).toEqual([name, expect.any(Number)]);
      expect(wheelTop).toBeLessThan(900);
      // Every image on the page (the wheel's too, and lazy ones below the fold) answers 200 with an image.
      const broken = await page.evaluate<string[]>(`Promise.all([...document.images, ...document.querySelectorAll('svg image')].map(async (img) => {
        const src = img.getAttribute('src') ?? img.getAttribute('href') ?? '';
        if (!src) return 'an image with no address';
        const response = await fetch(src);
        return response.ok && (response.headers.get('content-type') ?? '').startsWith('image/') ? null : src + ' ' + response.status;
      })).then((results) => results.filter(Boolean))`);
      expect([name, broken]).toEqual([name, []]);
      await page.screenshot(join(OUTPUT, `kill-${name}.png`));
      await page.setViewport({ width: 400, height: 860, mobile: true });
      await page.goto(`${base}/kill/${record.killmail_id}/`);
      const layout = await page.evaluate<{ scroll: number; main: number; side: number }>(`({ scroll: document.documentElement.scrollWidth,
        main: document.querySelector('.kill-main').getBoundingClientRect().left, side: document.querySelector('.kill-side').getBoundingClientRect().left })`);
      expect([name, layout.scroll <= 420, Math.abs(layout.main - layout.side) < 2]).toEqual([name, true, true]);
      await page.screenshot(join(OUTPUT, `kill-${name}-phone.png`));
    }
    // A kill with one module type in three or more high slots: the fit table shows it as one row (two at most:
    // destroyed and dropped), not one per slot.
    type Item = { item_type_id: number; flag: number };
    const highModules = (record: FixtureRecord) => ((record.esi.victim.items ?? []) as Item[]).filter((item) => item.flag >= 27 && item.flag <= 34);
    const repeated = (record: FixtureRecord) => {
      const counts = new Map<number, number>();
      for (const item of highModules(record)) counts.set(item.item_type_id, (counts.get(item.item_type_id) ?? 0) + 1);
      return [...counts].find(([, count]) => count >= 3);
    };
    const multi = seeded.records.find((record) => repeated(record))!;
    const [typeId, fitted] = repeated(multi)!;
    await page.setViewport({ width: 1400, height: 900 });
    await page.goto(`${base}/kill/${multi.killmail_id}/`);
    const rows = await page.evaluate<number>(`[...[...document.querySelectorAll('table.fit tbody')].find((body) => body.querySelector('th')?.textContent === 'High slots').rows]
      .filter((row) => row.querySelector('a[href="/item/${typeId}/"]')).length`);
    expect(rows).toBeGreaterThanOrEqual(1);
    expect(rows).toBeLessThanOrEqual(2);
    expect(rows).toBeLessThan(fitted);

    // The module's item link leads to its item page: its name, the price panel, its chart.
    await page.navigateBy(`document.querySelector('table.fit a[href="/item/${typeId}/"]').click()`);
    expect(await page.evaluate<string>("location.pathname")).toBe(`/item/${typeId}/`);
    expect(await page.evaluate<string>("document.querySelector('h1').textContent")).toBe(universe.typeName(typeId));
    expect(await page.evaluate<boolean>("!!document.querySelector('#today') && !!document.querySelector('#recent')")).toBe(true);
    await page.screenshot(join(OUTPUT, "item.png"));
  }, 90_000);
});
