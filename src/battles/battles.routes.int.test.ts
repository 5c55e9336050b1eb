/** Battle pages, /br/ reports and /api/v1/battles through app.request(), over a detected synthetic battle in real PostgreSQL. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { HOSTILE_NAME, readFixture } from "../../test/e2e/seed.ts";
import { createLogger } from "../app/log.ts";
import { createWebApp } from "../web/web.app.ts";
import { createWebDependencies } from "../web/web.setup.ts";
import { EVE_KILL_RULES } from "./battles.models.ts";
import { castFight, castKill, storeRecords, SYSTEMS } from "./battles.testing.ts";
import { refreshBattles } from "./battles.usecases.ts";

const START = new Date("2025-07-01T18:00:00Z");
const BLUE = "alliance:99100001,alliance:99100002";
const LONE_KILL_ID = 910_500_000;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let app: ReturnType<typeof createWebApp>;
let battleId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  const template = readFixture()[0]!;
  // A lone kill a day later next door: in no battle.
  const lone = castKill({ template, killmailId: LONE_KILL_ID, index: 0, time: new Date(START.getTime() + 86_400_000), system: SYSTEMS.sasta,
    victim: { alliance: 99_300_001, corporation: 98_300_001 }, attackers: [{ alliance: 99_300_002, corporation: 98_300_002 }] });
  await storeRecords({ sql: db.sql, records: [...castFight({ template, start: START, system: SYSTEMS.tanoo, fromMinute: 0, minutes: 30, perMinute: 2, firstId: 910_000_000 }), lone] });
  await db.sql`update entities set name = ${HOSTILE_NAME} where entity_kind = 'alliance' and entity_id = 99200001`;
  await refreshBattles({ sql: db.sql, rules: EVE_KILL_RULES });
  [{ battleId }] = await db.sql<{ battleId: number }[]>`select battle_id from battles` as unknown as [{ battleId: number }];
  const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });
  const deps = await createWebDependencies({ sql: db.sql, config: {}, logger, checks: {}, rateLimit: { capacity: 1_000_000, refillPerSecond: 1_000_000 } });
  app = createWebApp({ deps });
}, 120_000);
afterAll(() => db.drop());

/** A side's figure as the page shows it. */
const figure = (html: string, side: "left" | "right", name: string) =>
  new RegExp(`data-side="${side}"[\\s\\S]*?data-figure="${name}">([^<]+)<`).exec(html)?.[1];

test("moving a party with ?left= moves its losses to the left side's totals", async () => {
  const asDetected = await (await app.request(`/battle/${battleId}/?left=${BLUE}&right=alliance:99200001,corporation:98200009`)).text();
  expect([figure(asDetected, "left", "ships-lost"), figure(asDetected, "right", "ships-lost")]).toEqual(["30", "30"]);
  const moved = await app.request(`/battle/${battleId}/?left=${BLUE},alliance:99200001&right=corporation:98200009`);
  expect(moved.status).toBe(200);
  const html = await moved.text();
  expect([figure(html, "left", "ships-lost"), figure(html, "right", "ships-lost")]).toEqual(["45", "15"]);
  expect(figure(html, "left", "isk-lost")).not.toBe(figure(asDetected, "left", "isk-lost"));
  expect(html).not.toContain("<script>alert");
  expect(html).toContain("&lt;script&gt;");
});

test("a saved /br/ report keeps the sides it was saved with", async () => {
  const form = new URLSearchParams({ source: `battle:${battleId}`, left: `${BLUE},alliance:99200001`, right: "corporation:98200009" });
  const saved = await app.request("/br/", { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  expect(saved.status).toBe(303);
  const location = saved.headers.get("Location")!;
  expect(location).toMatch(/^\/br\/\d+\/$/);
  // The battle's own sides change afterwards (a re-detection): the report does not follow.
  await db.sql`update battles set sides = ${db.sql.json({ left: ["corporation:98200009"], right: [] } as never)} where battle_id = ${battleId}`;
  const html = await (await app.request(location)).text();
  expect([figure(html, "left", "ships-lost"), figure(html, "right", "ships-lost")]).toEqual(["45", "15"]);
  expect(figure(html, "left", "pilots")).toBeDefined();
});

test("/related/ infers the sides of the kills in a system within an hour of the given time", async () => {
  const response = await app.request(`/related/${SYSTEMS.tanoo}/202507011800/`);
  expect(response.status).toBe(200);
  const html = await response.text();
  expect([figure(html, "left", "ships-lost"), figure(html, "right", "ships-lost")].map(Number).sort()).toEqual([30, 30]);
  expect((await app.request(`/related/${SYSTEMS.tanoo}/202507011830/`)).status).toBe(400);
});

test("a bad party or paging parameter is a 400 naming it", async () => {
  const page = await app.request(`/battle/${battleId}/?left=faction:500001`);
  expect(page.status).toBe(400);
  expect(await page.text()).toContain("is not a party");
  const api = await app.request("/api/v1/battles?limit=0");
  expect(api.status).toBe(400);
  expect(JSON.stringify(await api.json())).toContain("limit");
});

test("/api/v1/battles lists the battle and /api/v1/battles/{id} its kills", async () => {
  const list = await (await app.request("/api/v1/battles")).json() as { data: { id: number; kills: number }[] };
  expect(list.data.map((b) => [b.id, b.kills])).toEqual([[battleId, 60]]);
  const one = await (await app.request(`/api/v1/battles/${battleId}`)).json() as { killmailIds: number[] };
  expect(one.killmailIds.length).toBe(60);
  expect((await app.request("/battles/")).status).toBe(200);
});

test("a kill in a detected battle links to it from the kill page, and a lone kill links only to its related kills", async () => {
  const inBattle = await (await app.request("/kill/910000007/")).text();
  const link = /<a href="([^"]+)" data-battle>([^<]*)/.exec(inBattle);
  expect(link?.[1]).toBe(`/battle/${battleId}/`);
  expect(link?.[2]).toBe("Part of a battle: Tanoo, 60 kills, ");
  expect(inBattle).toContain(`href="/related/${SYSTEMS.tanoo}/202507011800/"`);
  const lone = await app.request(`/kill/${LONE_KILL_ID}/`);
  expect(lone.status).toBe(200);
  const html = await lone.text();
  expect(html).not.toContain("data-battle");
  expect(html).toContain(`href="/related/${SYSTEMS.sasta}/202507021800/"`);
});
