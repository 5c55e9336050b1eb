import { afterAll, beforeAll, expect, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import { createWebApp } from "../web/web.app.ts";
import { createWebDependencies } from "../web/web.setup.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { seedDatabase } from "../../test/e2e/seed.ts";
import { createKillmailReadRepository } from "../killmails/killmail.read.repository.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let seeded: Awaited<ReturnType<typeof seedDatabase>>;
let app: ReturnType<typeof createWebApp>;
type Item = { item_type_id: number; flag: number; quantity_destroyed?: number; quantity_dropped?: number; items?: Item[] };

beforeAll(async () => {
  db = await createTestDatabase();
  seeded = await seedDatabase({ sql: db.sql });
  const newest = Math.max(...seeded.records.map((record) => Date.parse(record.esi.killmail_time)));
  const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });
  // The page covers the last 30 days: "now" is a day after the newest fixture kill.
  const deps = await createWebDependencies({ sql: db.sql, config: {}, logger, checks: {}, now: () => new Date(newest + 86_400_000) });
  app = createWebApp({ deps });
}, 60_000);
afterAll(() => db.drop());

test("an item page lists the recent kills where the type was destroyed, and its largest losses with the quantity", async () => {
  const newestFirst = [...seeded.records].sort((a, b) => b.esi.killmail_time.localeCompare(a.esi.killmail_time));
  const kill = newestFirst.find((record) => (record.esi.victim.items as Item[] | undefined)?.some((item) => (item.quantity_destroyed ?? 0) > 0))!;
  const item = (kill.esi.victim.items as Item[]).find((candidate) => (candidate.quantity_destroyed ?? 0) > 0)!;
  const destroyed = (kill.esi.victim.items as Item[]).filter((other) => other.item_type_id === item.item_type_id)
    .reduce((sum, other) => sum + (other.quantity_destroyed ?? 0), 0);
  const response = await app.request(`/item/${item.item_type_id}/`);
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toContain("Price of a kill today");
  expect(html).toContain(`href="/item/${item.item_type_id}/prices/"`);
  const recent = html.slice(html.indexOf('id="recent"'), html.indexOf('id="largest"'));
  expect(recent).toContain(`data-killmail-id="${kill.killmail_id}"`);
  const largest = html.slice(html.indexOf('id="largest"'));
  const row = largest.slice(largest.indexOf(`/kill/${kill.killmail_id}/`));
  expect(row.slice(0, row.indexOf("</tr>"))).toContain(`<td class="num">${destroyed.toLocaleString("en-US")}</td>`);
});

test("a ship's item page links to the ship's own page; an unknown type is a 404", async () => {
  const ship = seeded.records[0]!.esi.victim.ship_type_id as number;
  expect(await (await app.request(`/item/${ship}/`)).text()).toContain(`href="/ship/${ship}/"`);
  expect((await app.request("/item/2147483000/")).status).toBe(404);
  expect((await app.request("/item/abc/")).status).toBe(404);
  expect(await (await app.request(`/ship/${ship}/`)).text()).toContain(`href="/item/${ship}/"`);
  const rifterGroup = 25;
  expect(await (await app.request(`/group/${rifterGroup}/`)).text()).toContain('href="/item/587/">Rifter</a>');
});

test("the largest losses of a common type add up its newest rows only, never half a kill", async () => {
  const reads = createKillmailReadRepository({ sql: db.sql });
  // The type on the most kills: its rows span several kill times.
  const [common] = await db.sql<{ typeId: number }[]>`
    select type_id from killmail_items group by type_id order by count(distinct killmail_id) desc, type_id limit 1`;
  const times = await db.sql<{ killmailTime: Date }[]>`
    select killmail_time from killmail_items where type_id = ${common!.typeId} order by killmail_time desc`;
  const since = new Date(0);
  const start = await reads.findItemRowsStart({ typeId: common!.typeId, since, rows: 3 });
  expect(start).toEqual(times[2]!.killmailTime);
  expect(await reads.findItemRowsStart({ typeId: common!.typeId, since, rows: times.length + 1 })).toBeNull();
  // Every row of a kill at the start counts, also those past the third.
  const losses = await reads.listKillmailsWithItem({ typeId: common!.typeId, since: start!, limit: 100, by: "destroyed" });
  const kills = await db.sql<{ killmailId: number; destroyed: number }[]>`
    select killmail_id, sum(quantity_destroyed)::float8 as destroyed from killmail_items
    where type_id = ${common!.typeId} and killmail_time >= ${start!} group by 1`;
  expect(losses.map((loss) => [loss.killmailId, loss.destroyed]).sort()).toEqual(kills.map((kill) => [kill.killmailId, kill.destroyed]).sort());
});
