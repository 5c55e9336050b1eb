import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createSeededWeb, findMinorAttacker, HOSTILE_NAME } from "../../test/e2e/seed.ts";
import { createWebApp } from "./web.app.ts";

let web: Awaited<ReturnType<typeof createSeededWeb>>;
beforeAll(async () => {
  web = await createSeededWeb();
}, 60_000);
afterAll(() => web.db.drop());

const get = (path: string, init?: RequestInit) => web.app.request(path, init);

describe("pages over the real killmails", () => {
  test("the front page lists the latest kills with ship, victim, system and value", async () => {
    const response = await get("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBeTruthy();
    expect(response.headers.get("cache-control")).toContain("max-age=");
    const html = await response.text();
    const newest = [...web.records].sort((a, b) => b.esi.killmail_time.localeCompare(a.esi.killmail_time))[0]!;
    expect(html).toContain(`/kill/${newest.killmail_id}/`);
    expect(html).toContain('<main id="content">');
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
  });

  test("a microcache hit carries the page's security and CORS headers, with its own request id and rate-limit headers", async () => {
    const path = "/api/v1/killmails?limit=7";
    const [first, second] = [await get(path), await get(path)];
    expect(await second.text()).toBe(await first.text());
    for (const name of ["content-security-policy", "access-control-allow-origin", "x-frame-options", "strict-transport-security", "etag"]) {
      expect(second.headers.get(name)).toBeTruthy();
      expect(second.headers.get(name)).toBe(first.headers.get(name));
    }
    expect(second.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    expect(second.headers.get("x-ratelimit-limit")).toBe("1000000");
    expect(second.headers.get("vary")).toBe("Accept-Encoding");
  });

  test("a repeated request with the ETag gets 304", async () => {
    const first = await get("/labels/");
    const etag = first.headers.get("etag")!;
    const second = await get("/labels/", { headers: { "If-None-Match": etag } });
    expect(second.status).toBe(304);
  });

  test("a kill page shows victim, fit by slot, attackers and the value explained", async () => {
    const record = web.records.find((r) => r.esi.victim.items?.length && r.esi.attackers.length > 3)!;
    const html = await (await get(`/kill/${record.killmail_id}/`)).text();
    expect(html).toContain("Attackers (");
    expect(html).toContain("Why this value");
    expect(html).toContain("final blow");
    expect(html).toContain("EFT export");
  });

  test("a kill page says which celestial the kill was near, and the stored row carries it", async () => {
    const html = await (await get("/kill/119455394/")).text();
    expect(html).toContain("near Y-EQ0C VIII - Moon 3");
    const [row] = await web.db.sql<{ locationId: string }[]>`select location_id from killmails where killmail_id = 119455394`;
    expect(Number(row?.locationId)).toBe(40307608);
  });

  test("an unknown kill is a friendly 404 with a request id", async () => {
    const response = await get("/kill/1/");
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("Request id");
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  test("a name containing <script> is shown as text on every page", async () => {
    const victim = web.records[0]!;
    const paths = [`/character/${web.hostileCharacterId}/`, `/kill/${victim.killmail_id}/`, "/", `/search/${encodeURIComponent("<script>")}/`];
    for (const path of paths) {
      const html = await (await get(path)).text();
      expect(html).not.toContain("<script>alert");
      if (path !== "/") expect(html).toContain("&lt;script&gt;alert(");
    }
    const json = await (await get(`/api/v1/search?q=${encodeURIComponent("<script>")}`)).json();
    expect(json.results[0].name).toBe(HOSTILE_NAME);
  });

  test("the 10th of 50 attackers sees the kill on their page and in both APIs", async () => {
    const { record, characterId } = findMinorAttacker(web.records);
    expect(await (await get(`/character/${characterId}/`)).text()).toContain(`/kill/${record.killmail_id}/`);
    expect(await (await get(`/character/${characterId}/kills/`)).text()).toContain(`/kill/${record.killmail_id}/`);
    const zkb = await (await get(`/api/kills/characterID/${characterId}/`)).json();
    expect(zkb.map((k: { killmail_id: number }) => k.killmail_id)).toContain(record.killmail_id);
    const v1 = await (await get(`/api/v1/killmails?entityKind=character&entityId=${characterId}&role=attacker`)).json();
    expect(v1.data.map((k: { killmail_id: number }) => k.killmail_id)).toContain(record.killmail_id);
  });

  test("every entity page kind renders", async () => {
    const record = web.records.find((r) => r.esi.victim.alliance_id)!;
    const { victim } = record.esi;
    const paths = [`/corporation/${victim.corporation_id}/`, `/alliance/${victim.alliance_id}/`, `/ship/${victim.ship_type_id}/losses/`,
      `/system/${record.esi.solar_system_id}/`, "/region/10000002/", "/group/25/", "/top/", "/top/alltime/isk/", "/kills/big/", "/label/solo/"];
    for (const path of paths) expect([path, (await get(path)).status]).toEqual([path, 200]);
  });

  test("an entity page lists its all-time top ships, opponents and systems beside the 7-day ones", async () => {
    // The corporation with the most distinct ships flown: its all-time list has five rows.
    const [busiest] = await web.db.sql<{ id: number; shipTypeId: number }[]>`
      select corporation_id::int as id, (array_agg(ship_type_id order by n desc, ship_type_id))[1]::int as ship_type_id from (
        select corporation_id, ship_type_id, count(*) as n from killmail_attackers
        where corporation_id is not null and ship_type_id is not null group by 1, 2) x
      group by corporation_id order by count(*) desc, corporation_id limit 1`;
    const html = await (await get(`/corporation/${busiest!.id}/`)).text();
    const allTime = html.slice(html.indexOf('id="top-ships-used-all-time"'), html.indexOf('id="top-ships-lost-all-time"'));
    expect(allTime).toContain(`<a href="/ship/${busiest!.shipTypeId}/">${web.deps.universe.typeName(busiest!.shipTypeId)}</a>`);
    expect(allTime.match(/<tr>/g)?.length).toBe(5);
    for (const id of ["top-opponents-all-time", "top-systems-all-time", "top-ships-used"]) expect(html).toContain(`id="${id}"`);
  });

  test("a character's security status is the one ESI recorded on its latest kill as an attacker, on its page and in zKillboard's API", async () => {
    // A pilot on several kills whose status changed between them: the newest must win, not any other.
    const [pilot] = await web.db.sql<{ id: number; newest: number }[]>`
      select character_id::int as id, (array_agg(security_status order by killmail_time desc, killmail_id desc))[1] as newest
      from killmail_attackers where character_id is not null
      group by character_id having count(distinct security_status) > 1 order by count(*) desc, character_id limit 1`;
    expect(pilot).toBeDefined();
    const html = await (await get(`/character/${pilot!.id}/`)).text();
    expect(html).toContain(`<dt>Security status</dt><dd title="${pilot!.newest} on its latest kill as an attacker`);
    expect(html).toContain(`>${(Math.round(pilot!.newest * 10) / 10 || 0).toFixed(1)}</dd>`);
    const api = await (await get(`/api/stats/characterID/${pilot!.id}/`)).json();
    expect(api.info.secStatus).toBe(pilot!.newest);
  });

  test("an unexpected failure is a generic 500 page with the request id, and JSON under /api", async () => {
    const broken = createWebApp({ deps: { ...web.deps, search: { name: "broken", search: () => Promise.reject(new Error("secret detail")) } } });
    const page = await broken.request("/search/anything/");
    expect(page.status).toBe(500);
    const html = await page.text();
    expect(html).toContain(page.headers.get("x-request-id")!);
    expect(html).not.toContain("secret detail");
    const api = await broken.request("/api/v1/search?q=anything");
    expect(api.status).toBe(500);
    expect(await api.json()).toMatchObject({ code: "internal", requestId: api.headers.get("x-request-id") });
  });

  test("a page address without its trailing slash redirects to it", async () => {
    const response = await get("/kill/123");
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe("/kill/123/");
  });

  test("a path starting with // or /\\ never redirects off-site", async () => {
    for (const path of ["//evil.com", "/\\evil.com", "/\\/evil.com", "///evil.com", "//evil.com/x", "/%5Cevil.com"]) {
      const response = await get(path);
      const location = response.headers.get("location");
      expect(response.status).toBeLessThan(500);
      if (location) expect([path, new URL(location, "https://killboard.test/").host]).toEqual([path, "killboard.test"]);
      if (location) expect([path, location]).toEqual([path, expect.stringMatching(/^\/(?![/\\])/)]);
    }
    expect((await get("//kill/123")).headers.get("location")).toBe("/kill/123/");
  });

  test("ids too large for their column answer 404, never 500", async () => {
    const paths = ["/system/3000000000/", "/constellation/3000000000/", "/region/3000000000/kills/", "/ship/3000000000/", "/group/3000000000/losses/",
      "/faction/3000000000/", "/character/9007199254740993/", "/corporation/999999999999999/", "/alliance/99999999999999999999/", "/kill/999999999999999/"];
    for (const path of paths) expect([path, (await get(path)).status]).toEqual([path, 404]);
  });

  test("a search term with a NUL byte searches the name around it", async () => {
    const response = await get(`/search/${encodeURIComponent("<scr\0ipt>")}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("&lt;script&gt;alert(");
    expect((await get("/search/?q=a%00b")).headers.get("location")).toBe("/search/ab/");
  });

  test("health and readiness answer", async () => {
    expect((await get("/health")).status).toBe(200);
    expect(await (await get("/ready")).json()).toEqual({ status: "ready", checks: { database: "ok" } });
  });

  test("readiness fails with 503 naming the dependency that does not answer", async () => {
    const app = createWebApp({ deps: { ...web.deps, checks: { ...web.deps.checks, redis: () => Promise.reject(new Error("connection refused")) } } });
    const response = await app.request("/ready");
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "unavailable", checks: { database: "ok", redis: "connection refused" } });
  });
});

describe("lists read as a player expects", () => {
  const idsOf = (html: string) => [...html.matchAll(/data-killmail-id="(\d+)"/g)].map((match) => Number(match[1]));
  const nextOf = (html: string) => /href="([^"]*after=[^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&");

  test("zKillboard's /page/<n>/ shows the same kills as following the list's own older link", async () => {
    const first = await (await get("/label/pvp/")).text();
    const next = nextOf(first);
    expect(next).toBeDefined();
    const older = idsOf(await (await get(next!)).text());
    const numbered = await get("/label/pvp/page/2/");
    expect(numbered.status).toBe(200);
    expect(idsOf(await numbered.text())).toEqual(older);
    expect(idsOf(await (await get("/label/pvp/page/1/")).text())).toEqual(idsOf(first));
    // Past zKillboard's last page, or not a page number: a 404, not the first page again.
    for (const path of ["/label/pvp/page/101/", "/label/pvp/page/0/", "/label/pvp/?page=x"]) expect([path, (await get(path)).status]).toEqual([path, 404]);
    // A page path is rewritten once, on this host: `//other.host/` and a nested `/page/` go nowhere else.
    const offsite = await get("//evil.example/page/2/");
    expect(offsite.headers.get("location") ?? "").not.toContain("evil.example");
    expect(await offsite.text()).not.toContain("evil.example");
    expect((await get("/label/pvp/page/2/page/3/")).status).toBe(404);
  });

  test("label chips are words with their code in the title, the victim's alliance is shown, and a structure's owner is named once", async () => {
    const html = await (await get("/label/pvp/")).text();
    expect(html).toMatch(/<a class="label" href="\/label\/%23%3A\d+%2B\/" title="#:\d+\+">Gang \d+\+<\/a>/);
    expect(html).not.toContain(">#:");
    const withAlliance = web.records.find((record) => record.esi.victim.alliance_id && record.esi.victim.character_id)!;
    const row = await (await get(`/partials/killmail-row/${withAlliance.killmail_id}/`)).text();
    expect(row).toContain(`/alliance/${withAlliance.esi.victim.alliance_id}/`);
    const structure = web.records.find((record) => !record.esi.victim.character_id && web.deps.universe.type(record.esi.victim.ship_type_id)?.categoryId === 65)!;
    const owner = `/corporation/${structure.esi.victim.corporation_id}/`;
    const structureRow = await (await get(`/partials/killmail-row/${structure.killmail_id}/`)).text();
    expect(structureRow.split(owner).length - 1).toBe(1);
    const page = await (await get(`/kill/${structure.killmail_id}/`)).text();
    const article = page.indexOf("<article>");
    const header = page.slice(article, page.indexOf("</header>", article));
    expect(header.split(owner).length - 1).toBe(1);
    const avatarLike = web.records.find((record) => /^[AEIOU]/.test(web.deps.universe.typeName(record.esi.victim.ship_type_id)))!;
    expect(await (await get(`/kill/${avatarLike.killmail_id}/`)).text()).toContain(` lost an ${web.deps.universe.typeName(avatarLike.esi.victim.ship_type_id)}`);
  });
});

describe("the kill page of a big fight", () => {
  test("shows the fit first, the top ten attackers with final blow and top damage cards and who was there, in under 300 KB; every attacker is a page away", async () => {
    const biggest = [...web.records].sort((a, b) => b.esi.attackers.length - a.esi.attackers.length)[0]!;
    const count = biggest.esi.attackers.length;
    expect(count).toBeGreaterThan(500);
    const html = await (await get(`/kill/${biggest.killmail_id}/`)).text();
    expect(Buffer.byteLength(html)).toBeLessThan(300_000);
    expect(html.indexOf('id="fit"')).toBeLessThan(html.indexOf('id="attackers-h"'));
    const attackers = html.slice(html.indexOf('id="attackers-h"'), html.indexOf("</aside>"));
    // This real killmail names no final blow (ESI's data): the card is there only when one is.
    expect(attackers.includes(">Final blow<")).toBe(biggest.esi.attackers.some((attacker) => attacker.final_blow));
    expect(attackers).toContain(">Top damage<");
    const typical = web.records.find((record) => record.esi.attackers.length > 20 && record.esi.attackers.some((attacker) => attacker.final_blow))!;
    const typicalHtml = await (await get(`/kill/${typical.killmail_id}/`)).text();
    expect(typicalHtml).toContain(">Final blow<");
    expect(attackers).toContain("By alliance or corporation");
    expect(attackers).toContain(`Show all ${count.toLocaleString("en-US")} attackers`);
    expect(attackers.match(/<span class="label final">final blow<\/span>/g)?.length ?? 0).toBeLessThanOrEqual(1);
    const rowsOf = (page: string) => (page.match(/<td class="num">[\d,]+<div class="small muted">/g) ?? []).length;
    expect(rowsOf(attackers.slice(attackers.indexOf("<table>")))).toBe(10);
    const pages = Math.ceil(count / 100);
    const last = await get(`/kill/${biggest.killmail_id}/attackers/?page=${pages}`);
    expect(rowsOf(await last.text())).toBe(count - (pages - 1) * 100);
    expect(rowsOf(await (await get(`/kill/${biggest.killmail_id}/attackers/`)).text())).toBe(100);
    expect((await get(`/kill/${biggest.killmail_id}/attackers/?page=${pages + 1}`)).status).toBe(404);
    expect((await get(`/kill/${biggest.killmail_id}/attackers/?page=x`)).status).toBe(404);
  });
});
