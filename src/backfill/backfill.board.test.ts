import { expect, test } from "bun:test";
import type { BackfillEntry, BackfillSink } from "./backfill.usecases.ts";
import { runBoardBackfill } from "./backfill.board.ts";

const hash = (id: number) => id.toString(16).padStart(40, "0");
const page = (ids: number[]) => ids.map((id) => ({ killmail_id: id, zkb: { hash: hash(id) } }));

/** A sink that remembers what it was handed, with `stored` ids already in the database. */
function createSink({ stored }: { stored: number[] }) {
  const handed: BackfillEntry[] = [];
  const rejected: string[] = [];
  const sink: BackfillSink = {
    findExistingIds: async ({ killmailIds }) => new Set(killmailIds.filter((id) => stored.includes(id))),
    handOff: async ({ entries }) => (handed.push(...entries), { rejected: 0 }),
    reject: async ({ key, reason }) => void rejected.push(`${key}: ${reason}`),
  };
  return { sink, handed, rejected };
}

test("each entity's pages are walked until an empty one, with the API's filter names, each kill handed off once, stored ones skipped", async () => {
  const pages: Record<string, unknown[][]> = { "allianceID/7": [page([30, 20]), page([10])], "characterID/9": [page([20, 5])] };
  const asked: string[] = [];
  const client = {
    fetchEntityPage: async ({ modifier, id, page: number }: { modifier: string; id: number; page: number }) => {
      asked.push(`${modifier}/${id}/${number}`);
      return pages[`${modifier}/${id}`]?.[number - 1] ?? [];
    },
  };
  const { sink, handed } = createSink({ stored: [10] });
  const entities = [{ kind: "alliance" as const, id: 7 }, { kind: "character" as const, id: 9 }];
  const progress = await runBoardBackfill({ client, sink, apiBaseUrl: "http://zkb/api", entities });
  expect(asked).toEqual(["allianceID/7/1", "allianceID/7/2", "allianceID/7/3", "characterID/9/1", "characterID/9/2"]);
  expect(handed.map((entry) => entry.killmailId)).toEqual([30, 20, 5]);
  expect(progress).toMatchObject({ listed: 4, handedOff: 3, skipped: 1, rejected: 0 });
});

test("a bad entry is rejected with its reason and the rest handed off; an answer that is not a list ends the entity", async () => {
  const answers = [[...page([3]), { killmail_id: "x", zkb: {} }], { error: "Invalid type or id" }];
  const client = { fetchEntityPage: async ({ page: number }: { page: number }) => answers[number - 1] ?? [] };
  const { sink, handed, rejected } = createSink({ stored: [] });
  const progress = await runBoardBackfill({ client, sink, apiBaseUrl: "http://zkb/api", entities: [{ kind: "corporation", id: 1 }] });
  expect(handed.map((entry) => entry.killmailId)).toEqual([3]);
  expect(rejected).toHaveLength(2);
  expect(rejected[0]).toStartWith("corporation:1 page 1[1]: killmail_id:");
  expect(rejected[1]).toBe("corporation:1 page 2: expected a JSON array of killmails");
  expect(progress).toMatchObject({ listed: 2, handedOff: 1, rejected: 2 });
});
