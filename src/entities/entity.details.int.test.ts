/** Corporation and alliance pages show what enrichment fetched of them (migration 00011), escaped. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import { createWebApp } from "../web/web.app.ts";
import { createWebDependencies } from "../web/web.setup.ts";
import { createTestDatabase } from "../../test/support/database.ts";

const CORPORATION_ID = 98000101;
const ALLIANCE_ID = 99000101;
const CEO_ID = 90000101;
const HOSTILE = `<script>alert("ceo")</script>&Co`;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let app: ReturnType<typeof createWebApp>;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.sql`
    insert into entities (entity_kind, entity_id, name, ticker, alliance_id, member_count, ceo_id, executor_corporation_id, date_founded, details_updated_at, updated_at) values
      ('corporation', ${CORPORATION_ID}, 'Quiet Holdings', 'QH', ${ALLIANCE_ID}, 1234, ${CEO_ID}, null, '2004-11-28T16:42:51Z', now(), now()),
      ('corporation', 98000102, 'Loud Works', 'LW', ${ALLIANCE_ID}, 40000, 1, null, null, now(), now()),
      ('alliance', ${ALLIANCE_ID}, 'Calm Accord', 'CALM', null, null, null, ${CORPORATION_ID}, '2010-01-02T00:00:00Z', now(), now()),
      ('character', ${CEO_ID}, ${HOSTILE}, null, null, null, null, null, null, null, now())
  `;
  const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });
  const deps = await createWebDependencies({ sql: db.sql, config: {}, logger, checks: { database: () => db.sql`select 1` } });
  app = createWebApp({ deps });
});
afterAll(() => db?.drop());

const page = async (path: string) => {
  const response = await app.request(path);
  expect(response.status).toBe(200);
  return response.text();
};

test("a corporation page shows its member count, a linked CEO with the name escaped, its alliance and founding day", async () => {
  const html = await page(`/corporation/${CORPORATION_ID}/`);
  expect(html).toContain("<dt>Members</dt><dd>1,234</dd>");
  expect(html).toContain(`<a href="/character/${CEO_ID}/">&lt;script&gt;alert(&quot;ceo&quot;)&lt;/script&gt;&amp;Co</a>`);
  expect(html).not.toContain("<script>alert");
  expect(html).toContain(`<a href="/alliance/${ALLIANCE_ID}/">Calm Accord</a>`);
  expect(html).toContain("<dd>2004-11-28</dd>");
});

test("a corporation whose CEO is ESI's placeholder shows no CEO", async () => {
  const html = await page("/corporation/98000102/");
  expect(html).toContain("<dd>40,000</dd>");
  expect(html).not.toContain("<dt>CEO</dt>");
});

test("an alliance page sums its corporations' members and links its executor", async () => {
  const html = await page(`/alliance/${ALLIANCE_ID}/`);
  expect(html).toContain("<dt>Members</dt><dd>41,234</dd>");
  expect(html).toContain(`<dt>Executor</dt><dd><a href="/corporation/${CORPORATION_ID}/">Quiet Holdings</a></dd>`);
  expect(html).toContain("<dd>2010-01-02</dd>");
});

test("the zKillboard stats API carries the details under zKillboard's names", async () => {
  const corporation = await (await app.request(`/api/stats/corporationID/${CORPORATION_ID}/`)).json();
  expect(corporation.info).toMatchObject({ memberCount: 1234, ceoID: CEO_ID, allianceID: ALLIANCE_ID, dateFounded: "2004-11-28T16:42:51Z" });
  const alliance = await (await app.request(`/api/stats/allianceID/${ALLIANCE_ID}/`)).json();
  expect(alliance.info).toMatchObject({ memberCount: 41_234, executorCorpID: CORPORATION_ID });
});

test("a corporation without fetched details shows no facts", async () => {
  await db.sql`insert into entities (entity_kind, entity_id, name, updated_at) values ('corporation', 98000103, 'New Corp', now())`;
  expect(await page("/corporation/98000103/")).not.toContain('id="about"');
});
