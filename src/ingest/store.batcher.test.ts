import { expect, test } from "bun:test";
import { AppError } from "../app/errors.ts";
import type { KillmailInput } from "../killmails/killmail.types.ts";
import { createStoreBatcher } from "./store.batcher.ts";

const input = (killmailId: number) => ({ killmailId }) as KillmailInput;

test("concurrent stores share one call and each learns whether it stored", async () => {
  const calls: number[][] = [];
  const batcher = createStoreBatcher({
    storeKillmails: async ({ inputs }) => {
      calls.push(inputs.map((i) => i.killmailId));
      return { storedIds: inputs.map((i) => i.killmailId).filter((id) => id !== 2), duplicateIds: [2] };
    },
  });
  expect(await Promise.all([1, 2, 3].map((id) => batcher.store(input(id))))).toEqual([true, false, true]);
  expect(calls).toEqual([[1, 2, 3]]);
});

test("a model error in a batch is isolated to its killmail; a database error fails them all", async () => {
  const batcher = createStoreBatcher({
    storeKillmails: async ({ inputs }) => {
      if (inputs.some((i) => i.killmailId === 2)) throw new AppError({ code: "killmail.invalid", message: "bad 2", status: 400 });
      return { storedIds: inputs.map((i) => i.killmailId), duplicateIds: [] };
    },
  });
  const results = await Promise.allSettled([1, 2, 3].map((id) => batcher.store(input(id))));
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  const down = createStoreBatcher({ storeKillmails: async () => Promise.reject(new Error("connection refused")) });
  const failed = await Promise.allSettled([1, 2].map((id) => down.store(input(id))));
  expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
});
