/**
 * A type's price page and zKillboard's `/api/prices/{typeID}/` over real PostgreSQL with the bundled real
 * history loaded. The type's SDE name is replaced by hostile HTML first: names from the SDE are still escaped.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { HOSTILE_NAME } from "../../test/e2e/seed.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createLogger } from "../app/log.ts";
import { createWebApp } from "../web/web.app.ts";
import { createWebDependencies } from "../web/web.setup.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let app: ReturnType<typeof createWebApp>;
let typeId: number;
let days: { day: string; average: number }[];
const NOW = new Date("2025-12-15T12:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
  // The type with the most bundled days of The Forge history.
  const [top] = await db.sql<{ typeId: number }[]>`select type_id from price_history where region_id = 10000002
    group by type_id order by count(*) desc, type_id limit 1`;
  typeId = top!.typeId;
  days = await db.sql<{ day: string; average: number }[]>`select to_char(day, 'YYYY-MM-DD') as day, average from price_history
    where type_id = ${typeId} and region_id = 10000002 order by day`;
  await db.sql`update types set name = ${HOSTILE_NAME} where type_id = ${typeId}`;
  const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });
  const deps = await createWebDependencies({ sql: db.sql, config: {}, logger, checks: { database: () => db.sql`select 1` }, rateLimit: { capacity: 1e6, refillPerSecond: 1e6 } });
  app = createWebApp({ deps: { ...deps, now: () => NOW } });
}, 60_000);
afterAll(() => db.drop());

describe("/api/prices/{typeID}/", () => {
  test("answers every stored day's average by date, then currentPrice, as zKillboard does", async () => {
    const response = await app.request(`/api/prices/${typeId}/`);
    expect(response.status).toBe(200);
    const body = await response.json();
    const keys = Object.keys(body);
    expect(keys.at(-1)).toBe("currentPrice");
    expect(keys.slice(0, -1)).toEqual(days.map((row) => row.day));
    expect(body[days[0]!.day]).toBe(days[0]!.average);
    expect(body.currentPrice).toBeGreaterThan(0.01);
  });

  test("a malformed type id is a 400 and an unknown one a 404, each with an error message", async () => {
    for (const [path, status] of [["/api/prices/abc/", 400], ["/api/prices/0/", 400], ["/api/prices/99999999999/", 400], ["/api/prices/2147483000/", 404]] as const) {
      const response = await app.request(path);
      expect(response.status).toBe(status);
      expect((await response.json()).error).toMatch(/typeID/);
    }
  });
});

describe("the price page", () => {
  test("shows today's price explained, the chart and the recent days, with the SDE name escaped", async () => {
    const response = await app.request(`/item/${typeId}/prices/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;alert(");
    expect(html).toContain("The Forge market history");
    expect(html).toMatch(/price day 2025-12-15: average of 34 days \d{4}-\d{2}-\d{2}\.\.2025-12-14, 2 lowest and 2 highest dropped/);
    expect(html).toContain("<svg class=\"chart\"");
    expect(html).toContain("<polyline");
    expect(html).toContain(`<td>${days.at(-1)!.day}</td>`);
    expect(html).toContain(`href="/api/prices/${typeId}/"`);
  });

  test("the item page shows the price of a kill today too; an unknown type is a 404", async () => {
    expect(await (await app.request(`/item/${typeId}/`)).text()).toContain("Price of a kill today");
    expect((await app.request("/item/2147483000/")).status).toBe(404);
    expect((await app.request("/item/abc/prices/")).status).toBe(404);
  });
});
