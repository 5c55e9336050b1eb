/**
 * The live pages' server side over a seeded database: the row partial live.js inserts, the attributes each list
 * page hands it, and the page policy that lets it reach `ws` and nothing else.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import { createWebApp } from "../web/web.app.ts";
import { createLivePageSettings } from "../web/web.live.ts";
import { createWebDependencies } from "../web/web.setup.ts";
import type { WebDeps } from "../web/web.deps.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { HOSTILE_NAME, seedDatabase } from "../../test/e2e/seed.ts";
import { createLiveRepository } from "./live.repository.ts";
import { liveFilterSchema } from "./live.schemas.ts";

const WS_PORT = 3999;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let seeded: Awaited<ReturnType<typeof seedDatabase>>;
let deps: WebDeps;
let app: ReturnType<typeof createWebApp>;

beforeAll(async () => {
  db = await createTestDatabase();
  seeded = await seedDatabase({ sql: db.sql });
  const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });
  deps = await createWebDependencies({ sql: db.sql, config: { WS_PORT }, logger, checks: {}, rateLimit: { capacity: 1_000_000, refillPerSecond: 1_000_000 } });
  app = createWebApp({ deps });
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

const html = async (path: string) => {
  const response = await app.request(path);
  expect(response.status).toBe(200);
  return response.text();
};

/** The list container's live attributes, decoded as the browser would read them. */
function liveAttributes(page: string) {
  const tag = /<div class="panel"( data-live-[^>]*)>/.exec(page)?.[1];
  if (!tag) return null;
  const decode = (text: string) => text.replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&#x27;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
  return Object.fromEntries([...tag.matchAll(/data-live-([a-z]+)="([^"]*)"/g)].map(([, name, value]) => [name!, decode(value!)]));
}

describe("the row partial", () => {
  test("is the very row the entity page lists, its loss marked, with a hostile name escaped", async () => {
    const hostile = seeded.hostileCharacterId;
    const record = seeded.records.find((r) => r.esi.victim.character_id === hostile)!;
    const row = await html(`/partials/killmail-row/${record.killmail_id}/?loss=character:${hostile}`);
    expect(row.startsWith(`<tr class="loss" data-killmail-id="${record.killmail_id}">`)).toBe(true);
    expect(row.trimEnd().endsWith("</tr>")).toBe(true);
    expect(row).toContain("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;Evil &amp; Co");
    expect(row).not.toContain("<script");
    expect(row).not.toContain(HOSTILE_NAME);
    expect(await html(`/character/${hostile}/`)).toContain(row);
  });

  test("without an entity to mark it is the front page's plain row", async () => {
    const front = await html("/");
    const id = /data-killmail-id="(\d+)"/.exec(front)![1];
    const row = await html(`/partials/killmail-row/${id}/?loss=nonsense:1`);
    expect(row.startsWith(`<tr class="" data-killmail-id="${id}">`)).toBe(true);
    expect(front).toContain(row);
  });

  test("an unknown or malformed killmail id is a 404", async () => {
    expect((await app.request("/partials/killmail-row/999999999999/")).status).toBe(404);
    expect((await app.request("/partials/killmail-row/abc/")).status).toBe(404);
  });
});

describe("live list attributes", () => {
  test("the front page follows everything after the head it was rendered at, and loads live.js", async () => {
    const head = await createLiveRepository({ sql: db.sql }).readHead();
    expect(head).toBe(seeded.records.length);
    const front = await html("/");
    expect(liveAttributes(front)).toEqual({ filter: "{}", after: String(head), url: "", port: String(WS_PORT), rows: "/partials/killmail-row/", loss: "" });
    expect(front).toMatch(/<script src="\/static\/live\.[0-9a-f]{12}\.js" defer><\/script>/);
  });

  test("entity tabs, locations and kill-type lists subscribe with their own filter, in the API's words", async () => {
    const hostile = seeded.hostileCharacterId;
    const system = seeded.records[0]!.esi.solar_system_id;
    const cases: [string, Record<string, unknown>, string][] = [
      [`/character/${hostile}/`, { entityKind: "character", entityId: hostile, role: "any" }, `character:${hostile}`],
      [`/character/${hostile}/losses/`, { entityKind: "character", entityId: hostile, role: "victim" }, `character:${hostile}`],
      [`/character/${hostile}/solo/`, { entityKind: "character", entityId: hostile, role: "attacker", label: ["solo"] }, `character:${hostile}`],
      [`/system/${system}/`, { solarSystemId: system }, ""],
      ["/kills/big/", { label: ["isk:1b+"] }, ""],
    ];
    for (const [path, filter, loss] of cases) {
      const live = liveAttributes(await html(path));
      expect({ path, filter: JSON.parse(live!.filter!), loss: live!.loss }).toEqual({ path, filter, loss });
      expect(liveFilterSchema.safeParse(filter).success).toBe(true);
    }
  });

  test("older pages, a kill's page and a board without `ws` settings are not live", async () => {
    const next = /href="([^"]*after=[^"]*)" rel="next"/.exec(await html("/"))![1]!.replaceAll("&amp;", "&");
    const older = await html(next);
    expect(older).toContain("data-killmail-id");
    expect(liveAttributes(older)).toBeNull();
    expect(older).not.toContain("/static/live.");
    const kill = await html(`/kill/${seeded.records[0]!.killmail_id}/`);
    expect(liveAttributes(kill)).toBeNull();
    const still = createWebApp({ deps: { ...deps, live: undefined } });
    expect(liveAttributes(await (await still.request("/")).text())).toBeNull();
  });
});

describe("the page policy", () => {
  const connectSrc = (response: Response) => /connect-src ([^;]*)/.exec(response.headers.get("content-security-policy") ?? "")?.[1];

  test("without a public socket URL it admits the page's own host at WS_PORT, in both schemes, and nothing else", async () => {
    expect(connectSrc(await app.request("http://killboard.test/"))).toBe(`'self' ws://killboard.test:${WS_PORT} wss://killboard.test:${WS_PORT}`);
  });

  test("with one it admits exactly that origin, and pages hand the URL to live.js", async () => {
    const live = createLivePageSettings({ sql: db.sql, config: { WS_PORT, PUBLIC_WS_URL: "wss://live.example.com:8443/ws/v1" } });
    const configured = createWebApp({ deps: { ...deps, live } });
    const response = await configured.request("http://killboard.test/");
    expect(connectSrc(response)).toBe("'self' wss://live.example.com:8443");
    expect(liveAttributes(await response.text())!.url).toBe("wss://live.example.com:8443/ws/v1");
  });

  test("a board without `ws` settings keeps connect-src to itself", async () => {
    const still = createWebApp({ deps: { ...deps, live: undefined } });
    expect(connectSrc(await still.request("/"))).toBe("'self'");
  });
});
