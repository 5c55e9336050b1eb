/**
 * A campaign's page, its API and its live feed never disagree: a campaign made with `killboard campaign create`,
 * a real `killboard ws` with a `/ws/v1` client subscribed by the campaign, 36 kills stored through the real processor
 * (some of the campaign's, some outside its time range, some without its pilot), and the page's total, the API's
 * total, the API list's length and the live messages all equal what the test itself knows it made matching.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import { createWebApp } from "../web/web.app.ts";
import { createWebDependencies } from "../web/web.setup.ts";
import { readFixture } from "../../test/e2e/seed.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { buildKill, connectClient, createLiveWriter, startWsRole, type TestClient } from "../../test/support/live.ts";
import { runRole } from "../../test/support/processes.ts";
import { createTestRedis } from "../../test/support/redis.ts";

const PILOT_X = 2_123_400_001;
const KILLS = 36;
const FROM = new Date(Date.now() - 3_600_000);
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
let ws: Awaited<ReturnType<typeof startWsRole>>;
let app: ReturnType<typeof createWebApp>;
const template = readFixture().find((record) => record.esi.victim.character_id && record.esi.victim.corporation_id && record.esi.attackers.some((who) => who.character_id))!;
const victimCorporation = template.esi.victim.corporation_id as number;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis({ name: "campaigns-live" });
  ws = await startWsRole({ env: { DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, PUBLIC_URL: "https://kb.example.test" } });
  const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });
  app = createWebApp({ deps: await createWebDependencies({ sql: db.sql, config: {}, logger, checks: {} }) });
}, 60_000);

afterAll(async () => {
  await ws?.role.kill("SIGTERM");
  await redis?.drop();
  await db?.drop();
});

async function createCampaignWithCli({ filter }: { filter: unknown }) {
  const { exitCode, output } = await runRole({ args: ["campaign", "create", "--name", `War on <b>"X"</b>`, "--filter", JSON.stringify(filter)], env: { DATABASE_URL: db.url } });
  expect([exitCode, output]).toEqual([0, expect.stringMatching(/^created campaign #\d+ /m)]);
  return Number(/#(\d+)/.exec(output)![1]);
}

/** Kill i has PILOT_X among its attackers when i % 3 == 0, and is older than the campaign's start when i % 4 == 0. */
function buildKills() {
  return Array.from({ length: KILLS }, (_, i) => ({
    kill: buildKill({ template, id: 930_000_000 + i, attackers: 4, pilot: i % 3 === 0 ? { slot: i % 4, characterId: PILOT_X } : undefined,
      time: new Date(FROM.getTime() + (i % 4 === 0 ? -60_000 : 60_000) * (i + 1)) }),
    matches: i % 3 === 0 && i % 4 !== 0,
  }));
}

async function subscribe({ filter }: { filter: unknown }): Promise<TestClient> {
  const client = await connectClient(ws.url("/ws/v1"));
  client.send({ action: "subscribe", filter });
  expect(await client.next()).toMatchObject({ type: "subscribed", filter });
  return client;
}

test("a campaign's totals are identical on its page, in the API and in the count of live messages it received", async () => {
  const id = await createCampaignWithCli({ filter: { sides: { a: [{ kind: "corporation", id: victimCorporation }], b: [{ kind: "character", id: PILOT_X }] }, from: FROM.toISOString() } });
  const campaignClient = await subscribe({ filter: { campaign: id } });
  const everything = await subscribe({ filter: {} });
  const kills = buildKills();
  const expected = kills.filter((one) => one.matches).length;
  const store = await createLiveWriter({ sql: db.sql, redis: redis.redis, prefix: redis.prefix });
  const sequences = await store(kills.map((one) => one.kill));
  // The hub sends a batch to every socket before the next: once the `{}` client has the last kill, the campaign's are out.
  expect((await everything.take({ count: KILLS })).at(-1).sequence).toBe(sequences.at(-1));
  const live = [...(await campaignClient.take({ count: expected })), ...(await campaignClient.rest())];
  const matchingIds = kills.filter((one) => one.matches).map((one) => one.kill.killmail_id).sort();
  expect(live.map((frame) => frame.data.killmail_id).sort()).toEqual(matchingIds);

  const page = await app.request(`/campaign/${id}/`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const pageTotal = Number(/data-total="kills">([\d,]+)</.exec(html)![1]!.replaceAll(",", ""));
  expect(html).not.toContain("<b>\"X\"</b>");
  const api = await (await app.request(`/api/v1/campaigns/${id}`)).json();
  const list = await (await app.request(`/api/v1/killmails?campaign=${id}&limit=200`)).json();

  expect({ page: pageTotal, api: api.totals.kills, list: list.data.length, live: live.length }).toEqual({ page: expected, api: expected, list: expected, live: expected });
  expect(expected).toBeGreaterThan(0);
  expect(expected).toBeLessThan(KILLS);
  expect(api.totals.sides.a.shipsLost).toBe(expected);
  expect(list.data.map((kill: { killmail_id: number }) => kill.killmail_id).sort()).toEqual(matchingIds);
  campaignClient.close();
  everything.close();
}, 90_000);

test("a subscribe by an unknown campaign, or a campaign with other fields, is an error naming filter.campaign", async () => {
  const client = await connectClient(ws.url("/ws/v1"));
  client.send({ action: "subscribe", filter: { campaign: 987_654 } });
  expect(await client.next()).toMatchObject({ type: "error", problems: ["filter.campaign: no campaign 987654"] });
  client.send({ action: "subscribe", filter: { campaign: 1, minValue: 5 } });
  expect(await client.next()).toMatchObject({ type: "error", problems: [expect.stringMatching(/^filter\.campaign: goes alone/)] });
  client.close();
});

test("the API answers a clear 404 for an unknown campaign and a 400 for a campaign beside other filters", async () => {
  const unknown = await app.request("/api/v1/killmails?campaign=987654");
  expect([unknown.status, (await unknown.json()).error]).toEqual([404, expect.stringContaining("Campaign 987654 not found")]);
  const mixed = await app.request("/api/v1/killmails?campaign=1&regionId=10000002");
  expect([mixed.status, JSON.stringify(await mixed.json())]).toEqual([400, expect.stringContaining("campaign: goes alone")]);
  expect((await app.request("/api/v1/campaigns/abc")).status).toBe(400);
  expect((await app.request("/campaign/987654/")).status).toBe(404);
});

test("campaign create refuses a bad filter with one readable line and exit code 2, before touching the database", async () => {
  const { exitCode, output } = await runRole({ args: ["campaign", "create", "--name", "x", "--filter", '{"entities":[{"kind":"ship","id":1}],"from":"soon"}'], env: { DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" } });
  expect(exitCode).toBe(2);
  expect(output.trim().split("\n")).toEqual([expect.stringMatching(/^error: campaign\.bad_input: filter\.entities\[0\]\.kind: must be character, corporation, alliance or faction; filter\.from: must be an ISO 8601 time/)]);
});
