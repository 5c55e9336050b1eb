import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createConsola } from "consola";
import { createRedisClient } from "../redis/redis.client.ts";
import { createWebApp } from "../web/web.app.ts";
import { createWebDependencies } from "../web/web.setup.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { bullBoardFiles } from "./bull-board.assets.ts";
import { createAdminDeps } from "./admin.setup.ts";

const TOKEN = "right-token-0123456789abcdef0123456789";
const WRONG = "wrong-token-zyxwvutsrqponmlkjihgfedcba";
const ORIGIN = "http://localhost";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const redis = createTestRedis({ name: "admin" });
const producer = createRedisClient({ url: redis.url, purpose: "producer" });
const zkillboard = Bun.serve({ port: 0, fetch: (request) => Response.json(new URL(request.url).pathname.endsWith("sequence.json") ? { sequence: 7 } : {}) });
/** Everything any logger line carried, at every level. */
const logged: string[] = [];
const logger = createConsola({ level: 5, reporters: [{ log: (entry) => void logged.push(entry.args.map(String).join(" ")) }] });
type App = ReturnType<typeof createWebApp>;
/** `plain` has no ADMIN_TOKEN; `admin` has it with budgets no test exhausts; `limited` has the real budgets. */
let web: { plain: App; admin: App; limited: App; close: () => Promise<void> };

beforeAll(async () => {
  db = await createTestDatabase({ max: 3 });
  const deps = await createWebDependencies({ sql: db.sql, config: {}, logger, checks: {}, rateLimit: { capacity: 10_000, refillPerSecond: 10_000 } });
  const config = { QUEUE_PREFIX: redis.prefix, R2Z2_BASE_URL: zkillboard.url.href, ESI_USER_AGENT: "killboard-test", TRUST_PROXY_HEADER: false };
  const admin = createAdminDeps({ token: TOKEN, sql: db.sql, connection: producer, config, logger });
  const generous = { capacity: 10_000, refillPerSecond: 10_000 };
  web = {
    plain: createWebApp({ deps }),
    admin: createWebApp({ deps, admin: { ...admin.deps, rateLimits: { all: generous, failures: generous } } }),
    limited: createWebApp({ deps, admin: admin.deps }),
    close: admin.close,
  };
}, 60_000);
afterAll(async () => {
  await web.close();
  zkillboard.stop(true);
  await producer.quit();
  await redis.drop();
  await db.drop();
});

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
const asset = `/admin/queues/static/${Object.keys(bullBoardFiles).find((name) => name.startsWith("js/main."))}`;
const ADMIN_PATHS = ["/admin", "/admin/", "/admin/status.json", "/admin/login", "/admin/queues", "/admin/queues/", "/admin/queues/api/queues", asset];

async function signIn(token: string) {
  const body = new URLSearchParams({ token });
  return web.admin.request("/admin/login", { method: "POST", body, headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" } });
}

describe("without ADMIN_TOKEN", () => {
  test("every admin address is a 404 that neither redirects nor is cached", async () => {
    for (const path of [...ADMIN_PATHS, "/admin/queues/queue/killmails"]) {
      const response = await web.plain.request(path, bearer(TOKEN));
      expect([path, response.status, response.headers.get("location")]).toEqual([path, 404, null]);
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
    expect((await web.plain.request("/admin/login", { method: "POST", body: new URLSearchParams({ token: TOKEN }) })).status).toBe(404);
  });
});

describe("with ADMIN_TOKEN", () => {
  test("a missing or wrong token is a 401 on every admin address, never cached", async () => {
    for (const path of ADMIN_PATHS.filter((path) => path !== "/admin/login")) {
      for (const init of [{}, bearer(WRONG), { headers: { Authorization: `Basic ${btoa(`admin:${TOKEN}`)}` } }]) {
        const response = await web.admin.request(path, init);
        expect([path, response.status]).toEqual([path, 401]);
        expect(response.headers.get("cache-control")).toBe("no-store");
        expect(response.headers.get("www-authenticate")).toContain("Bearer");
      }
    }
  });

  test("a browser without a session gets the sign-in form with the 401, on any admin page", async () => {
    for (const path of ["/admin/", "/admin/queues/queue/killmails"]) {
      const response = await web.admin.request(path, { headers: { Accept: "text/html" } });
      expect(response.status).toBe(401);
      expect(await response.text()).toContain('action="/admin/login"');
    }
  });

  test("the right bearer token opens the status page, its JSON, the queue dashboard and its files", async () => {
    for (const path of ADMIN_PATHS) {
      const response = await web.admin.request(path, bearer(TOKEN));
      expect([path, response.status]).toEqual([path, 200]);
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
    const page = await (await web.admin.request("/admin/", bearer(TOKEN))).text();
    expect(page).toContain("Roles (");
    expect(page).toContain("killmails");
    const json = await (await web.admin.request("/admin/status.json", bearer(TOKEN))).json();
    expect(json.queues.map((queue: { queue: string }) => queue.queue)).toEqual(["killmails", "enrichment", "webhooks"]);
    const board = await web.admin.request("/admin/queues", bearer(TOKEN));
    expect(await board.text()).toContain('<base href="/admin/queues/"');
    expect(board.headers.get("content-security-policy")).toContain("base-uri 'self'");
    expect((await web.admin.request(asset, bearer(TOKEN))).headers.get("content-type")).toContain("javascript");
  });

  test("the rest of the site keeps base-uri 'none'", async () => {
    expect((await web.admin.request("/admin/", bearer(TOKEN))).headers.get("content-security-policy")).toContain("base-uri 'none'");
  });

  test("a browser signs in with the form and then holds an HttpOnly, SameSite=Strict session cookie", async () => {
    const login = await signIn(TOKEN);
    expect(login.status).toBe(303);
    expect(login.headers.get("location")).toBe("/admin/");
    const cookie = login.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(cookie).not.toContain(TOKEN);
    const session = { headers: { Cookie: cookie.split(";")[0]! } };
    expect((await web.admin.request("/admin/", session)).status).toBe(200);
    expect((await web.admin.request("/admin/queues/api/queues", session)).status).toBe(200);
    const forged = { headers: { Cookie: cookie.split(";")[0]!.replace(/\d{5}\./, "99999.") } };
    expect((await web.admin.request("/admin/", forged)).status).toBe(401);
    const logout = await web.admin.request("/admin/logout", { method: "POST", headers: { ...session.headers, Origin: ORIGIN } });
    expect(logout.status).toBe(303);
    expect(logout.headers.get("set-cookie")).toMatch(/Max-Age=0/);
  });

  test("a wrong token in the form is a 401 with the form again and no cookie", async () => {
    const response = await signIn(WRONG);
    expect(response.status).toBe(401);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await response.text()).toContain("That token is not right.");
  });

  test("a sign-in posted from another site is refused", async () => {
    const body = new URLSearchParams({ token: TOKEN });
    const response = await web.admin.request("/admin/login", { method: "POST", body, headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" } });
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  test("neither a wrong nor the right token ever reaches the log", async () => {
    await web.admin.request("/admin/", bearer(WRONG));
    await signIn(WRONG);
    expect(logged.some((line) => line.includes("admin:"))).toBe(true);
    expect(logged.filter((line) => line.includes(WRONG) || line.includes(TOKEN))).toEqual([]);
  });

  test("wrong guesses are rate limited, and the limit answer is not cached either", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++) statuses.push((await web.limited.request("/admin/", bearer(WRONG))).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.at(-1)).toBe(429);
    const limited = await web.limited.request("/admin/", bearer(WRONG));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("cache-control")).toBe("no-store");
  });
});
