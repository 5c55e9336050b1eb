import { describe, expect, test } from "bun:test";
import { decodeCursor } from "../killmails/killmail.queries.ts";
import type { ItemRow } from "../killmails/killmail.read.repository.ts";
import { buildItemTree, sortAttackers, toConnection } from "./graphql.models.ts";

const item = (itemIndex: number, parentIndex: number | null, extra: Partial<ItemRow> = {}): ItemRow => ({
  itemIndex, parentIndex, typeId: 100 + itemIndex, flag: 5, slot: "cargo", singleton: 0, quantityDropped: 1, quantityDestroyed: 2,
  unitPrice: 10, priceSource: "market", ...extra,
});

describe("GraphQL models", () => {
  test("items nest under the container they were in, in stored order, each valued at unit price × both quantities", () => {
    const tree = buildItemTree({ items: [item(0, null), item(1, null), item(2, 1), item(3, 1, { quantityDropped: 0 }), item(4, 2)] });
    expect(tree.map((node) => node.itemIndex)).toEqual([0, 1]);
    expect(tree[1]!.contents.map((node) => node.itemIndex)).toEqual([2, 3]);
    expect(tree[1]!.contents[0]!.contents.map((node) => node.itemIndex)).toEqual([4]);
    expect(tree[0]!.value).toBe(30);
    expect(tree[1]!.contents[1]!.value).toBe(20);
  });

  test("attackers go by damage done, ties in ESI's order", () => {
    const esi = { victim: {}, attackers: [{ character_id: 1, damage_done: 5 }, { character_id: 2, damage_done: 9 }, { character_id: 3, damage_done: 5 }, { character_id: 4 }] };
    expect(sortAttackers({ esi }).map((attacker) => attacker.character_id)).toEqual([2, 1, 3, 4]);
  });

  test("a connection keeps `first` rows, says whether a further one was read, and ends on the last row's cursor", () => {
    const rows = [3, 2, 1].map((id) => ({ killmailId: id, killmailTime: new Date(Date.UTC(2026, 0, id)) }));
    const toNode = (row: (typeof rows)[number]) => ({ id: row.killmailId }) as never;
    const page = toConnection({ rows, first: 2, toNode });
    expect(page.edges.map((edge) => (edge.node as { id: number }).id)).toEqual([3, 2]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(decodeCursor({ text: page.pageInfo.endCursor! })).toEqual({ time: rows[1]!.killmailTime, id: 2 });
    expect(toConnection({ rows: rows.slice(0, 2), first: 2, toNode }).pageInfo.hasNextPage).toBe(false);
    expect(toConnection({ rows: [], first: 2, toNode }).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
