/**
 * On a board (BOARD_ENTITIES), `/api/v1/top` and GraphQL's `top` rank as the /top/ page does: pilots and
 * corporations among the board's members, over the 121 real killmails.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createSeededWeb } from "../../test/e2e/seed.ts";
import { busiestAttackingCorporation, type Party } from "../../test/support/board.ts";
import { createWebApp } from "../web/web.app.ts";
import type { BoardEntity } from "../board/board.models.ts";

let web: Awaited<ReturnType<typeof createSeededWeb>>;
let app: ReturnType<typeof createWebApp>;
let corporationId: number;

beforeAll(async () => {
  web = await createSeededWeb();
  corporationId = busiestAttackingCorporation(web.records);
  const board: BoardEntity[] = [{ kind: "corporation", id: corporationId }];
  app = createWebApp({ deps: { ...web.deps, board } });
}, 60_000);
afterAll(() => web?.db.drop());

/** Pilots and corporations that attacked as members of the board, from the ESI bodies alone. */
function members(field: "character_id" | "corporation_id") {
  const ids = new Set<number>();
  for (const record of web.records) {
    for (const attacker of record.esi.attackers as Party[]) if (attacker.corporation_id === corporationId && attacker[field]) ids.add(attacker[field]!);
  }
  return ids;
}

async function pageList({ kind }: { kind: "character" | "corporation" }) {
  const html = await (await app.request("/top/alltime/kills/")).text();
  const start = html.indexOf(`id="top-${kind}"`);
  const section = html.slice(start, html.indexOf("</section>", start));
  return [...section.matchAll(new RegExp(`href="/${kind}/(\\d+)/"`, "g"))].map((match) => Number(match[1]));
}

async function apiList({ kind, on = app }: { kind: string; on?: ReturnType<typeof createWebApp> }) {
  const response = await on.request(`/api/v1/top?kind=${kind}&period=alltime&limit=10`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { id: number }[] }).data.map((row) => row.id);
}

async function graphqlList({ kind }: { kind: string }) {
  const response = await app.request("/graphql", {
    method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ query: `{ top(kind: ${kind}, period: alltime, limit: 10) { id } }` }),
  });
  const body = (await response.json()) as { data?: { top: { id: number }[] }; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data!.top.map((row) => row.id);
}

test("the API's and GraphQL's top pilots and corporations are the page's lists: members of the board only", async () => {
  for (const [kind, field] of [["character", "character_id"], ["corporation", "corporation_id"]] as const) {
    const page = await pageList({ kind });
    expect(page.length).toBeGreaterThan(0);
    expect(await apiList({ kind })).toEqual(page);
    expect(await graphqlList({ kind })).toEqual(page);
    const memberIds = members(field);
    expect(page.filter((id) => !memberIds.has(id))).toEqual([]);
  }
});

test("without a board the API's top pilots include pilots who never flew for the board's corporation", async () => {
  const memberIds = members("character_id");
  expect((await apiList({ kind: "character", on: web.app })).some((id) => !memberIds.has(id))).toBe(true);
});

test("ships are ranked over every kill on a board too", async () => {
  expect(await apiList({ kind: "ship" })).toEqual(await apiList({ kind: "ship", on: web.app }));
});
