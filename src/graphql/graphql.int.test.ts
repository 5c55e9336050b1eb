import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import { createSql, type Sql } from "../db/db.client.ts";
import { createWebApp } from "../web/web.app.ts";
import { createWebDependencies } from "../web/web.setup.ts";
import { createSeededWeb, findMinorAttacker, HOSTILE_NAME } from "../../test/e2e/seed.ts";
import { COSTLY_FIELDS_PER_REQUEST } from "./graphql.context.ts";
import { GRAPHQL_LIMITS } from "./graphql.server.ts";

let web: Awaited<ReturnType<typeof createSeededWeb>>;
/** A second app over the same database whose every SQL statement is counted. */
let counted: { app: ReturnType<typeof createWebApp>; sql: Sql; statements: string[] };

beforeAll(async () => {
  web = await createSeededWeb();
  const statements: string[] = [];
  const sql = createSql({ url: web.db.url, max: 4, debug: (query) => void statements.push(query) });
  const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });
  const deps = await createWebDependencies({ sql, config: {}, logger, checks: {}, rateLimit: { capacity: 1_000_000, refillPerSecond: 1_000_000 } });
  counted = { app: createWebApp({ deps }), sql, statements };
}, 60_000);
afterAll(async () => {
  await counted.sql.end({ timeout: 5 });
  await web.db.drop();
});

type Answer = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
async function post(query: string, variables?: Record<string, unknown>, app = web.app) {
  const response = await app.request("/graphql", {
    method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer };
}
const codesOf = (body: Answer) => (body.errors ?? []).map((error) => error.extensions?.code);

const FIFTY_KILLS = /* GraphQL */ `{
  killmails(first: 50) {
    edges { cursor node {
      id time sequence url points labels values { total dropped }
      system { name security region { name } }
      victim { character { id name } corporation { name ticker } alliance { name } ship { name group { name } } damageTaken }
      finalBlow { character { name } ship { name } }
      attackers(first: 5) { character { name } corporation { name } alliance { name } ship { name } weapon { name } damageDone }
      items { item { name } slot unitPrice priceSource value contents { item { name } } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe("GraphQL queries", () => {
  test("the kills of a minor attacker (10th of 40–60, no final blow) include that kill, named", async () => {
    const { record, characterId } = findMinorAttacker(web.records);
    const { body } = await post(`query ($id: Int!) {
      character(id: $id) { id name kills(first: 200) { edges { node { id attackers { character { id name } } victim { ship { name } } } } } }
    }`, { id: characterId });
    expect(body.errors).toBeUndefined();
    expect(body.data.character.name).toBe(`Pilot ${characterId}`);
    const kill = body.data.character.kills.edges.map((edge: any) => edge.node).find((node: any) => node.id === record.killmail_id);
    expect(kill).toBeDefined();
    expect(kill.attackers[9].character).toEqual({ id: characterId, name: `Pilot ${characterId}` });
    expect(kill.victim.ship.name).toBe(web.deps.universe.typeName(record.esi.victim.ship_type_id));
  });

  test("a 50-kill page with names, ships, places, attackers and items runs at most 10 SQL statements", async () => {
    counted.statements.length = 0;
    const { body } = await post(FIFTY_KILLS, undefined, counted.app);
    expect(body.errors).toBeUndefined();
    expect(body.data.killmails.edges).toHaveLength(50);
    expect(counted.statements.length).toBeGreaterThan(0);
    expect(counted.statements.length).toBeLessThanOrEqual(10);
    const withItems = body.data.killmails.edges.find((edge: any) => edge.node.items.length);
    expect(withItems.node.items[0]).toMatchObject({ item: { name: expect.any(String) }, priceSource: expect.any(String) });
  });

  test("paging follows the /api/v1/killmails order and cursors, and a hostile name comes back as data, not markup", async () => {
    const api = await (await web.app.request("/api/v1/killmails?limit=20")).json();
    const first = await post("{ killmails(first: 10) { edges { node { id } } pageInfo { hasNextPage endCursor } } }");
    const next = await post(`{ killmails(first: 10, after: ${JSON.stringify(first.body.data.killmails.pageInfo.endCursor)}) { edges { node { id } } } }`);
    const ids = [...first.body.data.killmails.edges, ...next.body.data.killmails.edges].map((edge: any) => edge.node.id);
    expect(ids).toEqual(api.data.map((kill: any) => kill.killmail_id));
    expect(first.body.data.killmails.pageInfo.hasNextPage).toBe(true);
    const hostile = await post(`{ character(id: ${web.hostileCharacterId}) { name } }`);
    expect(hostile.body.data.character.name).toBe(HOSTILE_NAME);
  });

  test("a killmail's sequence, its stats and its price history resolve; an unknown id is null, not an error", async () => {
    const record = web.records[3]!;
    const { body } = await post(`{ killmail(id: ${record.killmail_id}) { id hash sequence victim { ship { id priceHistory(days: 3650) { day average } } } }
      nothing: killmail(id: 1) { id } nobody: character(id: 1) { name } top(kind: character, period: alltime, limit: 3) { id name score } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.killmail).toMatchObject({ id: record.killmail_id, hash: record.hash, sequence: expect.any(Number) });
    expect([body.data.nothing, body.data.nobody]).toEqual([null, null]);
    expect(body.data.top).toHaveLength(3);
    const character = record.esi.victim.character_id;
    const stats = await post(`{ character(id: ${character}) { stats { shipsLost iskLost topShipsLost { name score } } } }`);
    expect(stats.body.data.character.stats.shipsLost).toBeGreaterThanOrEqual(1);
  });

  test("the schema is served as SDL, and a browser gets GraphiQL from this server, with no CDN", async () => {
    const sdl = await (await web.app.request("/graphql/schema.graphql")).text();
    expect(sdl).toContain("type Killmail {");
    expect(sdl).toContain("killmailAdded(filter: KillmailFilter, after: Int): KillmailAdded!");
    const page = await web.app.request("/graphql", { headers: { Accept: "text/html" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("YogaGraphiQL");
    expect(html).not.toContain("unpkg.com");
    expect(page.headers.get("content-security-policy")).toContain("'unsafe-inline'");
    expect(page.headers.get("content-security-policy")).toContain("worker-src 'self' blob:");
    const other = await web.app.request("/", { headers: { Accept: "text/html" } });
    expect(other.headers.get("content-security-policy")).toContain("script-src 'self';");
    expect(other.headers.get("content-security-policy")).toContain("worker-src 'self';");
  });
});

describe("GraphQL errors", () => {
  test("too deep, too many aliases, malformed, and bad arguments each answer a GraphQL error with its code", async () => {
    // Narrow but one level too deep: corporation → alliance → executor → … around and around.
    let deep = "name";
    for (let level = 0; level < GRAPHQL_LIMITS.maxDepth; level++) deep = level % 2 ? `alliance { executor { ${deep} } }` : `ceo { corporation { ${deep} } }`;
    const tooDeep = await post(`{ corporation(id: 1) { ${deep} } }`);
    expect(codesOf(tooDeep.body)).toEqual(["QUERY_TOO_DEEP"]);
    expect(tooDeep.body.errors![0]!.message).toContain(`depth limit of ${GRAPHQL_LIMITS.maxDepth}`);
    const page = FIFTY_KILLS.trim().slice(1, -1);
    const wide = Array.from({ length: GRAPHQL_LIMITS.maxAliases - 1 }, (_, index) => `k${index}: ${page}`).join(" ");
    expect(codesOf((await post(`{ ${wide} }`)).body)).toEqual(["QUERY_TOO_COSTLY"]);
    const aliases = Array.from({ length: GRAPHQL_LIMITS.maxAliases + 1 }, (_, index) => `a${index}: killmail(id: ${index + 1}) { id }`).join(" ");
    expect(codesOf((await post(`{ ${aliases} }`)).body)).toContain("TOO_MANY_ALIASES");
    const malformed = await post("{ killmails(first: ");
    // GraphQL over HTTP: a client asking for application/json gets 200 with errors (graphql-response+json: 400).
    expect([malformed.status, codesOf(malformed.body)]).toEqual([200, ["GRAPHQL_PARSE_FAILED"]]);
    expect(codesOf((await post("{ nope }")).body)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    const unpaired = await post("{ killmails(filter: { entityKind: character }) { edges { cursor } } }");
    expect(codesOf(unpaired.body)).toEqual(["BAD_USER_INPUT"]);
    expect(unpaired.body.errors![0]!.message).toContain("filter.entityId: entityKind and entityId go together");
    const huge = await post("{ killmails(first: 1000) { edges { cursor } } }");
    expect(huge.body.errors![0]!.message).toContain("first:");
    const cursor = await post('{ killmails(after: "bm90LWEtY3Vyc29y") { edges { cursor } } }');
    expect(cursor.body.errors![0]).toMatchObject({ message: "after: not a cursor from this API", extensions: { code: "BAD_USER_INPUT" } });
  });

  test("a field that reads SQL per parent, under a list, is refused past the budget instead of running one query per parent", async () => {
    const { body } = await post("{ killmails(first: 50) { edges { node { id victim { character { kills(first: 1) { edges { cursor } } } } } } } }");
    expect(codesOf(body)).toContain("QUERY_TOO_EXPENSIVE");
    expect(body.errors![0]!.message).toContain(`at most ${COSTLY_FIELDS_PER_REQUEST}`);
    const within = await post("{ killmails(first: 5) { edges { node { victim { character { kills(first: 1) { edges { cursor } } } } } } } }");
    expect(within.body.errors).toBeUndefined();
  });

  test("1,000 random malformed queries and variables give no 5xx, and each answer is GraphQL JSON with coded errors", async () => {
    let seed = 20261202;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
    const pieces = ["{", "}", "(", ")", ":", "$", "!", "...", "@skip", "killmails", "first", "-1", "1e999", '"', "\\u0000", "edges", "node", "id", "query", "fragment", "on", "[", "]", "null", "filter", "entityKind", "9".repeat(30)];
    const statuses = new Set<number>();
    for (let run = 0; run < 1_000; run++) {
      let text = FIFTY_KILLS;
      for (let edit = 0; edit < 1 + Math.floor(random() * 6); edit++) {
        const at = Math.floor(random() * text.length);
        text = random() < 0.5 ? `${text.slice(0, at)}${pick(pieces)}${text.slice(at)}` : `${text.slice(0, at)}${text.slice(at + 1 + Math.floor(random() * 20))}`;
      }
      const variables = random() < 0.3 ? { first: pick([-5, 0, 1e9, "x", null, [1]]) } : undefined;
      const response = await web.app.request("/graphql", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ query: text, variables }) });
      statuses.add(response.status);
      const body = (await response.json()) as Answer;
      expect(response.status).toBeLessThan(500);
      for (const error of body.errors ?? []) expect(error.extensions?.code).toEqual(expect.any(String));
    }
    expect([...statuses].every((status) => status === 200 || status === 400)).toBe(true);
    const broken = await web.app.request("/graphql", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{not json" });
    expect(broken.status).toBe(400);
  });
});
