import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestEmulator, type TestEmulator } from "./emulator.testing.ts";

let sandbox: TestEmulator;
beforeAll(async () => {
  sandbox = await startTestEmulator();
});
afterAll(() => sandbox.stop());

const JITA_POD = "/killmails/84508915/e74fe4b03e93d0e886b3c3ea8b2aebeaacabb6f2";

describe("ESI killmails", () => {
  test("a killmail is served by id and hash with the killmail rate-limit headers", async () => {
    const response = await sandbox.get(JITA_POD);
    expect(response.status).toBe(200);
    expect((await response.json()).victim.ship_type_id).toBe(670);
    expect(response.headers.get("x-ratelimit-group")).toBe("killmail");
    expect(response.headers.get("x-ratelimit-limit")).toBe("3600/15m");
    expect(Number(response.headers.get("x-ratelimit-remaining"))).toBeLessThanOrEqual(3598);
    expect(response.headers.get("x-esi-error-limit-remain")).toBeNull();
    expect(response.headers.get("x-esi-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    for (const header of ["etag", "expires", "last-modified", "cache-control"]) expect(response.headers.get(header)).toBeTruthy();
  });

  test("version prefixes, a trailing slash and datasource are accepted", async () => {
    for (const prefix of ["/latest", "/v1", "/dev", "/legacy", ""]) {
      expect((await sandbox.get(`${prefix}${JITA_POD}/?datasource=tranquility`)).status).toBe(200);
    }
  });

  test("a wrong hash is 422 with ESI's message and an unknown id is 404", async () => {
    const wrong = await sandbox.get("/killmails/84508915/0000000000000000000000000000000000000000/");
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toEqual({ error: "Invalid killmail_id and/or killmail_hash" });
    expect((await sandbox.get("/killmails/1/0000000000000000000000000000000000000000/")).status).toBe(404);
  });

  test("If-None-Match with the ETag answers 304 without a body", async () => {
    const etag = (await sandbox.get(JITA_POD)).headers.get("etag")!;
    const cached = await sandbox.get(JITA_POD, { headers: { "if-none-match": etag } });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe("");
    expect(cached.headers.get("etag")).toBe(etag);
  });

  test("If-Modified-Since at or after Last-Modified answers 304", async () => {
    const lastModified = (await sandbox.get(JITA_POD)).headers.get("last-modified")!;
    expect((await sandbox.get(JITA_POD, { headers: { "if-modified-since": lastModified } })).status).toBe(304);
    expect((await sandbox.get(JITA_POD, { headers: { "if-modified-since": "Mon, 01 Jan 2001 00:00:00 GMT" } })).status).toBe(200);
  });

  test("the seven killmails without a real hash get a stable generated one, marked emulated", async () => {
    const hash = (await (await sandbox.get("/history/20200619.json")).json())["85061635"];
    expect(hash).toMatch(/^[0-9a-f]{40}$/);
    const response = await sandbox.get(`/killmails/85061635/${hash}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-emulated")).toBe("true");
  });

  test("an empty killmail bucket answers 429 with Retry-After", async () => {
    const tight = await startTestEmulator({ options: { esiBuckets: { killmail: { name: "killmail", maxTokens: 4, windowMs: 60_000, label: "4/1m" } } } });
    try {
      expect((await tight.get(JITA_POD)).status).toBe(200);
      expect((await tight.get(JITA_POD)).status).toBe(200);
      const limited = await tight.get(JITA_POD);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    } finally {
      await tight.stop();
    }
  });
});
