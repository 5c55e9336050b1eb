import { expect, test } from "bun:test";
import { AppError } from "../app/errors.ts";
import type { KillmailInput } from "../killmails/killmail.types.ts";
import { createStoreBatcher } from "./store.batcher.ts";

const input = (killmailId: number) => ({ killmailId }) as KillmailInput;

/** Shaped like postgres.js's PostgresError: the SQLSTATE is on `code`. */
const databaseError = (message: string, code: string) => Object.assign(new Error(message), { name: "PostgresError", code });

/** Numbers the batch's killmails as a store would: here simply 1000 + id. */
const sequencesOf = (inputs: KillmailInput[]) => new Map(inputs.map((i) => [i.killmailId, 1000 + i.killmailId]));

/** A store that fails any batch holding `guilty`, and records the ids of every call. */
function storeFailingOn({ guilty, error }: { guilty: number; error: unknown }) {
  const calls: number[][] = [];
  const storeKillmails = async ({ inputs }: { inputs: KillmailInput[] }) => {
    calls.push(inputs.map((i) => i.killmailId));
    if (inputs.some((i) => i.killmailId === guilty)) throw error;
    return { storedIds: inputs.map((i) => i.killmailId), duplicateIds: [], sequences: sequencesOf(inputs) };
  };
  return { calls, storeKillmails };
}

test("concurrent stores share one call and each learns whether it stored", async () => {
  const calls: number[][] = [];
  const batcher = createStoreBatcher({
    storeKillmails: async ({ inputs }) => {
      calls.push(inputs.map((i) => i.killmailId));
      return { storedIds: inputs.map((i) => i.killmailId).filter((id) => id !== 2), duplicateIds: [2], sequences: sequencesOf(inputs) };
    },
  });
  expect(await Promise.all([1, 2, 3].map((id) => batcher.store(input(id))))).toEqual([
    { stored: true, sequence: 1001 }, { stored: false, sequence: 1002 }, { stored: true, sequence: 1003 },
  ]);
  expect(calls).toEqual([[1, 2, 3]]);
});

test("a model error in a batch is isolated to its killmail", async () => {
  const store = storeFailingOn({ guilty: 2, error: new AppError({ code: "killmail.invalid", message: "bad 2", status: 400 }) });
  const batcher = createStoreBatcher({ storeKillmails: store.storeKillmails });
  const results = await Promise.allSettled([1, 2, 3].map((id) => batcher.store(input(id))));
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
});

test("a database error in a batch is isolated too: only the killmail the database refuses fails, with that error", async () => {
  const refused = databaseError('value "3000000000" is out of range for type integer', "22003");
  const store = storeFailingOn({ guilty: 2, error: refused });
  const batcher = createStoreBatcher({ storeKillmails: store.storeKillmails });
  const results = await Promise.allSettled([1, 2, 3].map((id) => batcher.store(input(id))));
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect((results[1] as PromiseRejectedResult).reason).toBe(refused);
  expect(store.calls).toEqual([[1, 2, 3], [1], [2], [3]]);
});

test("when the database is down every killmail of the batch fails and will retry on its own", async () => {
  const down = createStoreBatcher({ storeKillmails: async () => Promise.reject(new Error("connection refused")) });
  const failed = await Promise.allSettled([1, 2].map((id) => down.store(input(id))));
  expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
});
