import { expect, test } from "bun:test";
import type { FeedEntry, ListenerPort } from "../upstream/feed.listener.ts";
import { filterPortByBoard } from "./board.usecases.ts";

const entities = [{ kind: "corporation" as const, id: 98000001 }];
const body = (corporationId: number) => ({ victim: { corporation_id: corporationId }, attackers: [{ corporation_id: 1000125 }] });
const entry = (killmailId: number, esi?: unknown): FeedEntry => ({ killmailId, hash: "a".repeat(40), esi, source: "r2z2", firstSeenAt: new Date(0) });

function createFilteredPort() {
  const accepted: number[] = [];
  const skipped: number[] = [];
  const port: ListenerPort = {
    cursor: async () => null, saveCursor: async () => {}, has: async () => false, reject: async () => {},
    accept: async (accepting) => void accepted.push(accepting.killmailId),
  };
  return { accepted, skipped, port: filterPortByBoard({ port, entities, onSkip: (skipping) => void skipped.push(skipping.killmailId) }) };
}

test("a feed body involving none of the entities is dropped before the queue and answered outside-board", async () => {
  const { accepted, skipped, port } = createFilteredPort();
  expect(await port.accept(entry(1, body(98000002)))).toBe("outside-board");
  expect(await port.accept(entry(2, body(98000001)))).toBeUndefined();
  expect({ accepted, skipped }).toEqual({ accepted: [2], skipped: [1] });
});

test("an entry without a body, or with one the board cannot read, goes on for the worker to judge", async () => {
  const { accepted, skipped, port } = createFilteredPort();
  await port.accept(entry(3));
  await port.accept(entry(4, { victim: "not a victim" }));
  expect({ accepted, skipped }).toEqual({ accepted: [3, 4], skipped: [] });
});
