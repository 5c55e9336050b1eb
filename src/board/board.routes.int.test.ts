/**
 * The front page and the top lists of a board (BOARD_ENTITIES) over the 121 real killmails: the board's panel
 * names its entities (escaped) with their kills and losses, and the top lists rank only its members.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createSeededWeb, HOSTILE_NAME } from "../../test/e2e/seed.ts";
import { busiestAttackingCorporation, type Party } from "../../test/support/board.ts";
import { createWebApp } from "../web/web.app.ts";
import type { BoardEntity } from "./board.models.ts";

let web: Awaited<ReturnType<typeof createSeededWeb>>;
let app: ReturnType<typeof createWebApp>;
let board: BoardEntity[];
let corporationId: number;

beforeAll(async () => {
  web = await createSeededWeb();
  corporationId = busiestAttackingCorporation(web.records);
  board = [{ kind: "corporation", id: corporationId }, { kind: "character", id: web.hostileCharacterId }];
  app = createWebApp({ deps: { ...web.deps, board } });
}, 60_000);
afterAll(() => web?.db.drop());

const isMember = (party: Party) => party.corporation_id === corporationId || party.character_id === web.hostileCharacterId;

test("the front page sums up each board entity: name and logo, kills, losses, ISK and efficiency, names escaped", async () => {
  const response = await app.request("/");
  expect(response.status).toBe(200);
  const html = await response.text();
  const panel = html.slice(html.indexOf('id="board-summary"'), html.indexOf("</section>", html.indexOf('id="board-summary"')));
  const kills = web.records.filter((record) => (record.esi.attackers as Party[]).some((a) => a.corporation_id === corporationId)).length;
  const losses = web.records.filter((record) => record.esi.victim.corporation_id === corporationId).length;
  expect(kills).toBeGreaterThan(0);
  expect(panel).toContain(`<a href="/corporation/${corporationId}/">Corp ${corporationId}</a>`);
  expect(panel).toContain(`/img/corporations/${corporationId}/logo?size=64`);
  expect(panel).toMatch(new RegExp(`Corp ${corporationId}</a>.*?<td class="num">${kills}</td><td class="num">${losses}</td>`, "s"));
  expect(panel).toMatch(/<td class="num">\d+\.\d%<\/td>/);
  expect(panel).toContain("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;Evil &amp; Co");
  expect(html).not.toContain(HOSTILE_NAME);
});

test("the all-time top pilots and corporations are the board's members, ranked by the kills they made as members", async () => {
  const html = await (await app.request("/top/alltime/kills/")).text();
  const listed = (kind: string) => {
    const section = html.slice(html.indexOf(`id="top-${kind}"`), html.indexOf("</section>", html.indexOf(`id="top-${kind}"`)));
    return [...section.matchAll(new RegExp(`href="/${kind}/(\\d+)/"`, "g"))].map((match) => Number(match[1]));
  };
  const expectedTop = (field: "character_id" | "corporation_id") => {
    const counts = new Map<number, number>();
    for (const record of web.records) {
      const ids = new Set((record.esi.attackers as Party[]).filter(isMember).map((a) => a[field]).filter((id): id is number => Boolean(id)));
      for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 10).map(([id]) => id);
  };
  expect(listed("character")).toEqual(expectedTop("character_id"));
  expect(listed("corporation")).toEqual(expectedTop("corporation_id"));
  expect(listed("character").length).toBeGreaterThan(0);
  expect(html).toContain("ranked by what they did as members");
});

test("without BOARD_ENTITIES the front page has no board panel", async () => {
  const html = await (await web.app.request("/")).text();
  expect(html).not.toContain('id="board-summary"');
});
