import { expect, test } from "bun:test";
import { EsiError } from "../esi/esi.errors.ts";
import { resolveNames } from "./enrichment.names.ts";

test("a batch with unknown ids is split until the unknown ones are isolated", async () => {
  const calls: number[][] = [];
  const bad = new Set([7, 300]);
  const postNames = async ({ ids }: { ids: number[] }) => {
    calls.push(ids);
    if (ids.some((id) => bad.has(id))) throw new EsiError({ httpStatus: 404, path: "/universe/names/", message: "Ensure all IDs are valid before resolving." });
    return ids.map((id) => ({ id, name: `n${id}`, category: "character" }));
  };
  const ids = Array.from({ length: 1_500 }, (_, index) => index + 1);
  const { names, unknownIds } = await resolveNames({ ids, postNames });
  expect(unknownIds.sort((a, b) => a - b)).toEqual([7, 300]);
  expect(names.length).toBe(1_498);
  expect(Math.max(...calls.map((batch) => batch.length))).toBe(1_000);
  expect(calls.length).toBeLessThan(60);
});
