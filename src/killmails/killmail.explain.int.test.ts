/**
 * "Why this value" over the 121 real killmails in real PostgreSQL: the kill page and `?explain=1` show, per item,
 * the stored price's source and the days or recipe behind it. One build material is renamed to hostile HTML, as
 * an SDE name could be, to show the recipe is escaped.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import { HOSTILE_NAME, seedDatabase } from "../../test/e2e/seed.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createWebApp } from "../web/web.app.ts";
import { createWebDependencies } from "../web/web.setup.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let app: ReturnType<typeof createWebApp>;
type Pick = { killmailId: number; typeId: number; priceInputs: string };
let market: Pick;
let built: Pick & { materialId: number };

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDatabase({ sql: db.sql });
  market = (await db.sql<Pick[]>`select killmail_id::int, type_id, p.inputs::text as price_inputs from killmail_items join price_inputs p using (price_inputs_id)
    where price_source = 'market' and (p.inputs->>'values')::int = 34 order by killmail_id, item_index limit 1`)[0]!;
  const [row] = await db.sql<Pick[]>`select killmail_id::int, type_id, p.inputs::text as price_inputs from killmail_items join price_inputs p using (price_inputs_id)
    where price_source = 'build_cost' order by killmail_id, item_index limit 1`;
  const materialId = JSON.parse(row!.priceInputs).materials[0].typeId as number;
  built = { ...row!, materialId };
  await db.sql`update types set name = ${HOSTILE_NAME} where type_id = ${materialId}`;
  const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });
  const deps = await createWebDependencies({ sql: db.sql, config: {}, logger, checks: { database: () => db.sql`select 1` }, rateLimit: { capacity: 1e6, refillPerSecond: 1e6 } });
  app = createWebApp({ deps });
}, 60_000);
afterAll(() => db.drop());

const whyTable = async (killmailId: number) => {
  const html = await (await app.request(`/kill/${killmailId}/`)).text();
  return html.slice(html.indexOf("Why this value"), html.indexOf("EFT export"));
};

describe("the kill page explains every value", () => {
  test("a market-priced item shows the window of days its average came from, trimmed as zKillboard trims", async () => {
    const inputs = JSON.parse(market.priceInputs);
    const why = await whyTable(market.killmailId);
    expect(why).toContain(`average of 34 days ${inputs.from}..${inputs.to}, 2 lowest and 2 highest dropped`);
    expect(why).toContain(`price day ${inputs.day}`);
    expect(why).toContain(`href="/item/${market.typeId}/prices/"`);
  });

  test("a build-cost item shows its recipe, material names escaped", async () => {
    const inputs = JSON.parse(built.priceInputs);
    const why = await whyTable(built.killmailId);
    expect(why).toContain("build cost");
    expect(why).toContain(`built on ${inputs.day} from ${inputs.materials[0].quantity.toLocaleString("en-US")} × &lt;script&gt;alert(`);
    expect(why).toContain(`href="/item/${built.materialId}/prices/"`);
    expect(why).not.toContain("<script>alert");
  });

  test("the hull line explains the hull and the fit rows link to the item page", async () => {
    const html = await (await app.request(`/kill/${market.killmailId}/`)).text();
    expect(html).toMatch(/\(hull\)<\/a><\/td>/);
    expect(html).toContain(`<a href="/item/${market.typeId}/">`);
  });
});

describe("/api/v1/killmails/{id}?explain=1", () => {
  test("adds per item the unit price, source, summary and stored inputs, and the hull", async () => {
    const response = await app.request(`/api/v1/killmails/${built.killmailId}?explain=1`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.killmail_id).toBe(built.killmailId);
    expect(body.zkb.totalValue).toBeGreaterThan(0);
    const { hull, items } = body.explain;
    expect(hull).toMatchObject({ typeId: body.victim.ship_type_id, current: true });
    expect(typeof hull.summary).toBe("string");
    const item = items.find((entry: { typeId: number; source: string }) => entry.typeId === built.typeId && entry.source === "build_cost");
    expect(item).toMatchObject({ sourceLabel: "build cost", warning: null, inputs: { rule: "build", materials: expect.any(Array) } });
    expect(item.summary).toContain(HOSTILE_NAME);
    expect(items.length).toBe(body.victim.items.length + body.victim.items.reduce((n: number, i: { items?: unknown[] }) => n + (i.items?.length ?? 0), 0));
    const total = hull.unitPrice + items.reduce((sum: number, entry: { value: number }) => sum + entry.value, 0);
    expect(total).toBeCloseTo(body.zkb.totalValue, 1);
  });

  test("without explain the body has no explain block; a bad value is a 400 naming the parameter", async () => {
    const plain = await (await app.request(`/api/v1/killmails/${built.killmailId}`)).json();
    expect(plain.explain).toBeUndefined();
    const bad = await app.request(`/api/v1/killmails/${built.killmailId}?explain=yes`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("explain");
  });

  test("the OpenAPI document describes the explain parameter", async () => {
    const document = await (await app.request("/api/v1/openapi.json")).json();
    const parameters = document.paths["/api/v1/killmails/{id}"].get.parameters.map((parameter: { name: string }) => parameter.name);
    expect(parameters).toEqual(["id", "explain"]);
  });
});

describe("a kill stored before hull prices were kept", () => {
  test("says its hull price is not recorded, on the page and in the API, instead of working it out", async () => {
    // A kill no earlier test asked for: the pages those asked for are cached.
    const [row] = await db.sql<{ killmailId: number }[]>`update killmails set hull_unit_price = null, hull_price_source = null, hull_price_inputs_id = null
      where killmail_id = (select killmail_id from killmails where killmail_id not in (${market.killmailId}, ${built.killmailId})
        and killmail_id in (select killmail_id from killmail_items) order by killmail_id limit 1)
      returning killmail_id::int`;
    const { killmailId } = row!;
    const why = await whyTable(killmailId);
    expect(why).toContain("not recorded");
    expect(why).toContain("killmail revalue records it");
    const body = await (await app.request(`/api/v1/killmails/${killmailId}?explain=1`)).json();
    expect(body.explain.hull).toMatchObject({ unitPrice: null, current: false, source: "not_recorded", inputs: null });
    expect(body.explain.items.length).toBeGreaterThan(0);
  });
});
