/** /battles/ and /api/v1/battles paging and filters through app.request(), over battle rows in real PostgreSQL. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { createLogger } from "../app/log.ts";
import { createWebApp } from "../web/web.app.ts";
import { createWebDependencies } from "../web/web.setup.ts";
import { SYSTEMS } from "./battles.testing.ts";

const JITA = 30_000_142;
const THE_FORGE = 10_000_002;
const BASE_MS = Date.parse("2025-05-01T00:00:00Z");
type Row = { battleId: number; index: number; killCount: number; solarSystemIds: number[] };

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let app: ReturnType<typeof createWebApp>;
/** Newest-ended first, as the list orders them. */
let battles: Row[];

beforeAll(async () => {
  db = await createTestDatabase();
  // 60 battles an hour apart: every third in Jita (The Forge), the others across Tanoo and Akpivem; 5 to 64 kills.
  const rows = Array.from({ length: 60 }, (_, index) => ({
    started_at: new Date(BASE_MS + index * 3_600_000), ended_at: new Date(BASE_MS + index * 3_600_000 + 1_800_000),
    solar_system_ids: index % 3 === 0 ? [JITA] : [SYSTEMS.tanoo, SYSTEMS.akpivem], kill_count: 5 + index, isk_destroyed: 1e9, pilot_count: 10,
    sides: { left: ["alliance:1"], right: ["alliance:2"] },
  }));
  for (const row of rows) {
    await db.sql`insert into battles (started_at, ended_at, solar_system_ids, kill_count, isk_destroyed, pilot_count, sides)
      values (${row.started_at}, ${row.ended_at}, ${row.solar_system_ids}::int[], ${row.kill_count}, ${row.isk_destroyed}, ${row.pilot_count}, ${db.sql.json(row.sides)})`;
  }
  battles = (await db.sql<Row[]>`select battle_id, kill_count, solar_system_ids from battles order by ended_at desc, battle_id desc`)
    .map((row) => ({ ...row, index: row.killCount - 5 }));
  const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });
  const deps = await createWebDependencies({ sql: db.sql, config: {}, logger, checks: {}, rateLimit: { capacity: 1_000_000, refillPerSecond: 1_000_000 } });
  app = createWebApp({ deps });
}, 120_000);
afterAll(() => db.drop());

const listedIds = (html: string) => [...html.matchAll(/<tr><td><a href="\/battle\/(\d+)\/">/g)].map((match) => Number(match[1]));
const nextLink = (html: string) => /<a href="([^"]+)" rel="next">/.exec(html)?.[1]?.replaceAll("&amp;", "&") ?? null;

async function readAllPages(path: string) {
  const ids: number[] = [];
  let next: string | null = path;
  let pages = 0;
  while (next && pages++ < 10) {
    const response = await app.request(next);
    expect(response.status).toBe(200);
    const html = await response.text();
    ids.push(...listedIds(html));
    next = nextLink(html);
  }
  return { ids, pages };
}

test("/battles/ lists 50 battles newest-ended first and pages on to the rest without repeating one", async () => {
  const first = await (await app.request("/battles/")).text();
  expect(listedIds(first)).toEqual(battles.slice(0, 50).map((b) => b.battleId));
  expect(nextLink(first)).toContain("after=");
  const { ids, pages } = await readAllPages("/battles/");
  expect(pages).toBe(2);
  expect(ids).toEqual(battles.map((b) => b.battleId));
});

test("/battles/?region= lists only battles with kills in that region, and ?system=&minKills= combine", async () => {
  const forge = await app.request(`/battles/?region=${THE_FORGE}`);
  const html = await forge.text();
  expect(listedIds(html)).toEqual(battles.filter((b) => b.solarSystemIds.includes(JITA)).map((b) => b.battleId));
  expect(html).toContain("Battles in The Forge");
  const big = await (await app.request(`/battles/?system=${SYSTEMS.akpivem}&minKills=50`)).text();
  const expected = battles.filter((b) => b.solarSystemIds.includes(SYSTEMS.akpivem) && b.killCount >= 50).map((b) => b.battleId);
  expect(expected.length).toBeGreaterThan(0);
  expect(listedIds(big)).toEqual(expected);
  // The filter form's empty field is "any".
  expect(listedIds(await (await app.request("/battles/?minKills=&region=")).text())).toEqual(battles.slice(0, 50).map((b) => b.battleId));
});

test("a bad filter or cursor on /battles/ is a 400 naming the parameter", async () => {
  for (const [query, parameter] of [["region=abc", "region"], ["region=10999999", "region"], ["system=1", "system"], ["minKills=0", "minKills"],
    ["after=yesterday", "after"], ["sort=kills", "sort"]] as const) {
    const response = await app.request(`/battles/?${query}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(`${parameter}: `);
  }
});

test("/api/v1/battles takes the same filters and its cursor pages through them", async () => {
  const ids: number[] = [];
  let cursor: string | null = "";
  for (let page = 0; cursor !== null && page < 10; page++) {
    const response = await app.request(`/api/v1/battles?regionId=${THE_FORGE}&minKills=20&limit=4${cursor ? `&cursor=${cursor}` : ""}`);
    expect(response.status).toBe(200);
    const body = await response.json() as { data: { id: number; kills: number; solarSystemIds: number[] }[]; nextCursor: string | null };
    ids.push(...body.data.map((battle) => battle.id));
    cursor = body.nextCursor;
  }
  expect(ids).toEqual(battles.filter((b) => b.solarSystemIds.includes(JITA) && b.killCount >= 20).map((b) => b.battleId));
  const bad = await app.request("/api/v1/battles?regionId=10999999");
  expect(bad.status).toBe(400);
  expect(JSON.stringify(await bad.json())).toContain("regionId");
});
