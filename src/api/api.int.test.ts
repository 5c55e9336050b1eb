import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createSeededWeb, HOSTILE_NAME } from "../../test/e2e/seed.ts";
import { createWebApp } from "../web/web.app.ts";

let web: Awaited<ReturnType<typeof createSeededWeb>>;
beforeAll(async () => {
  web = await createSeededWeb();
}, 60_000);
afterAll(() => web.db.drop());

const get = (path: string, init?: RequestInit) => web.app.request(path, init);
const ZKB_FIELDS = ["attackerCount", "awox", "destroyedValue", "droppedValue", "fittedValue", "hash", "href", "labels", "npc", "points", "solo", "totalValue"];

describe("zKillboard-compatible API", () => {
  test("/api/kills/characterID/<id>/ answers ESI killmails with a zkb block of zKillboard's field names", async () => {
    const record = web.records.find((r) => r.esi.attackers[0]?.character_id)!;
    const characterId = record.esi.attackers[0].character_id;
    const response = await get(`/api/kills/characterID/${characterId}/`);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const body = await response.json();
    const kill = body.find((k: { killmail_id: number }) => k.killmail_id === record.killmail_id);
    expect(kill.killmail_time).toBe(record.esi.killmail_time);
    expect(kill.solar_system_id).toBe(record.esi.solar_system_id);
    expect(kill.victim.ship_type_id).toBe(record.esi.victim.ship_type_id);
    expect(kill.attackers.length).toBe(record.esi.attackers.length);
    expect(Object.keys(kill.zkb).filter((key) => key !== "locationID").sort()).toEqual(ZKB_FIELDS);
    expect(kill.zkb.hash).toBe(record.hash);
  });

  test("refusals are HTTP 200 with an error, a query string is forbidden", async () => {
    expect(await (await get("/api/characterID/1,2/")).json()).toEqual({ error: "multiple values for a modifier are no longer supported" });
    const withQuery = await get("/api/kills/characterID/1/?x=1");
    expect(withQuery.status).toBe(403);
  });

  test("an id too large for its integer column is zKillboard's error answer", async () => {
    const paths = [["kills/solarSystemID/3000000000/", "solarSystemID"], ["regionID/3000000000/", "regionID"], ["constellationID/3000000000/", "constellationID"],
      ["shipTypeID/3000000000/", "shipTypeID"], ["losses/groupID/3000000000/", "groupID"]];
    for (const [path, key] of paths) {
      const response = await get(`/api/${path}`);
      expect([path, response.status, await response.json()]).toEqual([path, 200, { error: `${key} must be at most 2147483647` }]);
    }
    for (const type of ["solarSystemID", "constellationID", "regionID", "shipTypeID", "groupID"]) {
      expect(await (await get(`/api/stats/${type}/3000000000/`)).json()).toEqual({ error: "Invalid id" });
    }
    expect(await (await get("/api/year/999999999999999/")).json()).toEqual({ error: "year must be between 2003 and 2100" });
  });

  test("history is the day's {id: hash} map", async () => {
    const record = web.records[5]!;
    const day = record.esi.killmail_time.slice(0, 10).replaceAll("-", "");
    const body = await (await get(`/api/history/${day}.json`)).json();
    expect(body[String(record.killmail_id)]).toBe(record.hash);
    expect(await (await get("/api/history/20261341.json")).json()).toHaveProperty("error");
  });

  test("a month past December is refused, not read as January of the next year and cached for one", async () => {
    const response = await get("/api/history/20231301.json");
    expect(await response.json()).toEqual({ error: "Invalid date, expected YYYYMMDD.json" });
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
  });

  test("stats use zKillboard's field names", async () => {
    const characterId = web.records[0]!.esi.victim.character_id;
    const body = await (await get(`/api/stats/characterID/${characterId}/`)).json();
    for (const key of ["shipsDestroyed", "shipsLost", "iskDestroyed", "iskLost", "pointsDestroyed", "soloKills", "dangerRatio", "gangRatio"]) {
      expect(body).toHaveProperty(key);
    }
    expect(body.shipsLost).toBeGreaterThanOrEqual(1);
    expect(body.info.name).toBe(HOSTILE_NAME);
  });

  test("stats months cover every month with activity, all time, for the busiest corporation of the real kills", async () => {
    // Independent of our SQL: count per month, from the ESI bodies, the killmails each corporation is on each side of.
    const months = new Map<number, Map<string, { kills: Set<number>; losses: Set<number> }>>();
    const side = (corporationId: number, month: string) => {
      const byMonth = months.get(corporationId) ?? new Map();
      months.set(corporationId, byMonth);
      const entry = byMonth.get(month) ?? { kills: new Set<number>(), losses: new Set<number>() };
      byMonth.set(month, entry);
      return entry;
    };
    for (const record of web.records) {
      const month = record.esi.killmail_time.slice(0, 7).replace("-", "");
      if (record.esi.victim.corporation_id) side(record.esi.victim.corporation_id, month).losses.add(record.killmail_id);
      for (const attacker of record.esi.attackers) if (attacker.corporation_id) side(attacker.corporation_id, month).kills.add(record.killmail_id);
    }
    const [corporationId, expected] = [...months.entries()].sort((a, b) => b[1].size - a[1].size)[0]!;
    expect(expected.size).toBeGreaterThan(1);
    const body = await (await get(`/api/stats/corporationID/${corporationId}/`)).json();
    const got = Object.fromEntries(Object.entries(body.months as Record<string, { shipsDestroyed: number; shipsLost: number }>)
      .map(([key, month]) => [key, { kills: month.shipsDestroyed, losses: month.shipsLost }]));
    expect(got).toEqual(Object.fromEntries([...expected.entries()].map(([key, entry]) => [key, { kills: entry.kills.size, losses: entry.losses.size }])));
  });
});

describe("/api/v1", () => {
  test("a bad parameter is a 400 that names it", async () => {
    const response = await get("/api/v1/killmails?limit=9999");
    expect(response.status).toBe(400);
    expect((await response.json()).details.parameter).toBe("limit");
    expect((await (await get("/api/v1/killmails?colour=red")).json()).details).toEqual({ parameter: "colour", problem: "unknown parameter" });
    expect((await (await get("/api/v1/killmails?cursor=nope")).json()).details.parameter).toBe("cursor");
  });

  test("an id too large for its integer column is a 400 naming the parameter, bigint ids are not", async () => {
    for (const parameter of ["solarSystemId", "constellationId", "regionId", "shipGroupId"]) {
      const response = await get(`/api/v1/killmails?${parameter}=3000000000`);
      expect([parameter, response.status]).toEqual([parameter, 400]);
      expect((await response.json()).details.parameter).toBe(parameter);
    }
    const ship = await get("/api/v1/killmails?entityKind=ship&entityId=3000000000");
    expect([ship.status, (await ship.json()).details.parameter]).toEqual([400, "entityId"]);
    expect((await get("/api/v1/killmails?entityKind=character&entityId=3000000000")).status).toBe(200);
    for (const kind of ["system", "constellation", "region", "ship", "group", "faction"]) {
      const response = await get(`/api/v1/stats/${kind}/3000000000`);
      expect([kind, response.status]).toEqual([kind, 400]);
      expect((await response.json()).details.parameter).toBe("id");
    }
    expect((await get("/api/v1/stats/alliance/3000000000")).status).toBe(200);
  });

  test("a search term with a NUL byte is a 400 naming q", async () => {
    const response = await get("/api/v1/search?q=a%00b");
    expect(response.status).toBe(400);
    expect((await response.json()).details.parameter).toBe("q");
  });

  test("keyset pages cover every killmail once, newest first", async () => {
    const seen: number[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page: { data: { killmail_id: number }[]; nextCursor: string | null } =
        await (await get(`/api/v1/killmails?limit=50${cursor ? `&cursor=${cursor}` : ""}`)).json();
      seen.push(...page.data.map((k) => k.killmail_id));
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(web.records.length);
  });

  test("an entity's pages on either side, two at a time, equal its whole list", async () => {
    const [busiest] = await web.db.sql<{ entityId: number }[]>`
      select entity_id from killmail_involvement where entity_kind = 'corporation' group by 1 order by count(*) desc limit 1`;
    const query = `entityKind=corporation&entityId=${busiest!.entityId}&role=any`;
    const whole = (await (await get(`/api/v1/killmails?${query}&limit=200`)).json()).data.map((k: { killmail_id: number }) => k.killmail_id);
    expect(whole.length).toBeGreaterThan(3);
    const paged: number[] = [];
    let cursor = "";
    do {
      const page = await (await get(`/api/v1/killmails?${query}&limit=2${cursor ? `&cursor=${cursor}` : ""}`)).json();
      paged.push(...page.data.map((k: { killmail_id: number }) => k.killmail_id));
      cursor = page.nextCursor ?? "";
    } while (cursor);
    expect(paged).toEqual(whole);
  });

  test("filters combine: label, value range, region", async () => {
    const body = await (await get("/api/v1/killmails?type=solo&minValue=1&limit=200")).json();
    for (const kill of body.data) expect(kill.zkb.labels).toContain("solo");
  });

  test("one killmail by id is the ESI body with its zkb block; an unknown id is a JSON 404", async () => {
    const record = web.records[7]!;
    const body = await (await get(`/api/v1/killmails/${record.killmail_id}`)).json();
    expect(body.killmail_id).toBe(record.killmail_id);
    expect(body.victim).toEqual(expect.objectContaining({ ship_type_id: record.esi.victim.ship_type_id }));
    expect(body.zkb.hash).toBe(record.hash);
    const missing = await get("/api/v1/killmails/1");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: "web.not_found" });
    const zkb = await (await get(`/api/killID/${record.killmail_id}/`)).json();
    expect(zkb.map((k: { killmail_id: number }) => k.killmail_id)).toEqual([record.killmail_id]);
  });

  test("entity statistics under /api/v1 share zKillboard's names", async () => {
    const body = await (await get(`/api/v1/stats/character/${web.hostileCharacterId}`)).json();
    expect(body).toMatchObject({ kind: "character", id: web.hostileCharacterId, shipsLost: expect.any(Number), dangerRatio: expect.any(Number) });
    expect((await get("/api/v1/stats/planet/1")).status).toBe(400);
  });

  test("the OpenAPI document lists every operation with its parameters", async () => {
    const doc = await (await get("/api/v1/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    const names = doc.paths["/api/v1/killmails"].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toContain("entityKind");
    expect(names).toContain("cursor");
    expect((await get("/api/v1/docs")).status).toBe(200);
  });

  test("all-time top lists come from the refreshed totals, weekly ones from live data", async () => {
    const allTime = await (await get("/api/v1/top?kind=character&metric=kills&period=alltime&limit=3")).json();
    expect(allTime.data.length).toBe(3);
    expect(allTime.data[0].score).toBeGreaterThanOrEqual(allTime.data[1].score);
    const week = await (await get("/api/v1/top?kind=system&period=week")).json();
    expect(Array.isArray(week.data)).toBe(true);
    expect((await get("/api/v1/top?metric=fame")).status).toBe(400);
  });

  test("search finds systems by prefix and tolerates a typo", async () => {
    const prefix = await (await get("/api/v1/search?q=jit")).json();
    expect(prefix.results[0]).toMatchObject({ kind: "system", name: "Jita", url: "/system/30000142/" });
    const typo = await (await get("/api/v1/search?q=Amar%20Prime&kind=system")).json();
    expect(typo.results.map((r: { name: string }) => r.name)).toContain("Amarr");
  });

  test("a client over its budget gets 429 with Retry-After and rate-limit headers", async () => {
    const limited = createWebApp({ deps: { ...web.deps, rateLimit: { capacity: 2, refillPerSecond: 0.01 } } });
    const first = await limited.request("/api/v1/openapi.json");
    expect(first.headers.get("x-ratelimit-limit")).toBe("2");
    await limited.request("/api/v1/openapi.json");
    const third = await limited.request("/api/v1/openapi.json");
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  test("1,000 random malformed API and page requests never answer 5xx", async () => {
    const keys = ["characterID", "allianceID", "solarSystemID", "constellationID", "regionID", "shipTypeID", "groupID", "factionID", "killID",
      "kills", "losses", "page", "label", "pastSeconds", "year", "month", "iskValue", "toString", "v1", "killmails", "stats", "history", ""];
    // Each value stands for a class of bad input: signs, floats, bad escapes, ids past int4, past 2^53 and past 15 digits, NUL, unicode.
    const values = ["-1", "0", "1e9", "%zz", "%ED%A0%80", "NaN", "2147483648", "3000000000", "999999999999999", "9007199254740993",
      "99999999999999999999", "..", "solo", "<x>", "'", "20260101.json", "\0", "a\0b", "🙂", "Ωmega ñandú", "\u202e", "system", "character"];
    const params = ["limit", "cursor", "since", "until", "entityKind", "entityId", "role", "label", "minValue", "q", "kind", "type",
      "solarSystemId", "constellationId", "regionId", "shipGroupId"];
    const pages = ["character", "corporation", "system", "constellation", "region", "ship", "group", "faction", "kill", "search", "label", "kills"];
    let seed = 12345;
    // An LCG's low bits repeat with a short period: scale from the high bits so every shape and value comes up.
    const below = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n);
    const pick = <T>(list: T[]) => list[below(list.length)]!;
    const shapes = [
      () => `/api/${pick(keys)}/${pick(values)}/`,
      () => `/api/${pick(keys)}/${pick(values)}/${pick(keys)}/${pick(values)}/`,
      () => `/api/stats/${pick(keys)}/${pick(values)}/`,
      () => `/api/${Array.from({ length: 1 + below(5) }, () => pick([...keys, ...values])).join("/")}${below(3) ? "/" : ""}`,
      () => `/api/v1/killmails?${pick(params)}=${encodeURIComponent(pick(values))}`,
      () => `/api/v1/${pick(["killmails", `stats/${pick(pages)}`, "search", "top"])}/${pick(values)}?${pick(params)}=${encodeURIComponent(pick(values))}`,
      () => `/api/v1/search?q=${encodeURIComponent(pick(values))}&kind=${encodeURIComponent(pick(pages))}`,
      () => `/${pick(pages)}/${pick(values)}/${pick(["", "kills/", "losses/", "solo/"])}`,
    ];
    const statuses = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const path = pick(shapes)();
      const response = await get(path);
      statuses.add(response.status);
      if (response.status >= 500) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    }
    expect([...statuses].every((status) => status < 500)).toBe(true);
  }, 60_000);
});
